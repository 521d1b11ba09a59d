package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartContentVoiceTest {

    @Test
    void aConvertedVoiceNoteIsAnMsc3245VoiceMessageWithItsDuration() {
        Map<String, Object> voice = PartContent.render(new OutgoingPart.Media(
                PartKey.attachment("g", 0),
                "g",
                "p",
                "mxc://x/v",
                "Audio Message.ogg",
                "audio/ogg",
                2_345,
                null,
                4_180L));

        assertThat(voice)
                .containsEntry("msgtype", "m.audio")
                .containsEntry("body", "Audio Message.ogg")
                .containsEntry("info", Map.of("mimetype", "audio/ogg", "size", 2_345L, "duration", 4_180L))
                .containsEntry("org.matrix.msc1767.audio", Map.of("duration", 4_180L))
                .containsEntry("org.matrix.msc3245.voice", Map.of());
    }

    @Test
    void anAudioFileThatIsNoVoiceNoteCarriesNoVoiceFields() {
        Map<String, Object> file = PartContent.render(new OutgoingPart.Media(
                PartKey.attachment("g", 0), "g", "p", "mxc://x/c", "Audio Message.caf", "audio/x-caf", 999));

        assertThat(file)
                .containsEntry("msgtype", "m.audio")
                .containsEntry("info", Map.of("mimetype", "audio/x-caf", "size", 999L))
                .doesNotContainKeys("org.matrix.msc1767.audio", "org.matrix.msc3245.voice");
    }
}
