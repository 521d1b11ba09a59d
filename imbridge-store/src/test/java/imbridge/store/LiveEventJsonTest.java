package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.LiveEvent;
import imbridge.core.model.MessageExtras;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveEventJsonTest {

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        LiveEvent event = new LiveEvent(
                41,
                LiveEvent.Kind.MESSAGE,
                true,
                "6F1C2B3A-0000-4000-8000-00000000002A",
                "iMessage;+;chat918273645",
                "mailto:carol@example.com",
                true,
                1_700_000_123_456L,
                "look at this",
                "Subject line",
                "iMessage",
                List.of(
                        new CloudAttachment(
                                "att-record-1",
                                "AT_0_6F1C2B3A",
                                "image/heic",
                                "public.heic",
                                "IMG_1.HEIC",
                                2_345_678,
                                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                "http://127.0.0.1:8080/assets/att-record-1"),
                        new CloudAttachment(
                                "att-record-2",
                                "AT_1_6F1C2B3A",
                                "video/mp4",
                                "public.mpeg-4",
                                "clip.mp4",
                                9,
                                null,
                                null)),
                new MessageExtras(
                        2003,
                        "p:0/11111111-2222-4333-8444-555555555555",
                        "🧗",
                        "REPLY-GUID",
                        true,
                        1_700_000_200_000L,
                        1_700_000_300_000L,
                        7),
                "TARGET-GUID",
                "edited body",
                List.of("tel:+15551234567", "mailto:carol@example.com"),
                "Climbing crew");

        String json = LiveEventJson.write(event);

        assertThat(LiveEventJson.read(json)).isEqualTo(event);
        assertThat(json).contains("\"chat_id\"", "\"tapback_target_guid\"", "\"checksum_sha256\"");
    }

    @Test
    void absentOptionalFieldsComeBackAsTheModelsDefaults() {
        LiveEvent typing = new LiveEvent(
                7,
                LiveEvent.Kind.TYPING,
                false,
                null,
                "iMessage;-;+15551234567",
                "tel:+15551234567",
                false,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        LiveEvent back = LiveEventJson.read(LiveEventJson.write(typing));

        assertThat(back).isEqualTo(typing);
        assertThat(back.extras()).isSameAs(MessageExtras.NONE);
        assertThat(back.attachments()).isEmpty();
        assertThat(back.participants()).isEmpty();
        assertThat(back.guid()).isNull();
    }

    @Test
    void aPayloadFromANewerBuildWithExtraFieldsStillReads() {
        LiveEvent back = LiveEventJson.read("""
                {"seq":3,"kind":"UNSEND","stored":false,"target_guid":"ABC","from_me":true,"timestamp_ms":5,
                 "some_future_field":{"x":1}}""");

        assertThat(back.kind()).isEqualTo(LiveEvent.Kind.UNSEND);
        assertThat(back.targetGuid()).isEqualTo("ABC");
        assertThat(back.fromMe()).isTrue();
    }

    @Test
    void corruptPayloadsFailWithTheirText() {
        assertThatThrownBy(() -> LiveEventJson.read("{\"seq\":1,\"kind\":\"NO_SUCH_KIND\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NO_SUCH_KIND");
        assertThatThrownBy(() -> LiveEventJson.read("{\"seq\":1}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt live inbox payload");
        assertThatThrownBy(() -> LiveEventJson.read("not json"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not json");
        assertThatThrownBy(() -> LiveEventJson.read(""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a payload");
    }
}
