package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.attachment.AttachmentContent;
import org.junit.jupiter.api.Test;

/** The stored {@code content_json}: the shape rows have always had, and rows already in databases read back. */
class AttachmentContentJsonTest {

    @Test
    void writesTheFlatShapeRowsHaveAlwaysHad() {
        assertThat(AttachmentContentJson.write(new AttachmentContent("mxc://localhost/a", "audio/x-caf", 12, "a.caf")))
                .isEqualTo("{\"url\":\"mxc://localhost/a\",\"mimetype\":\"audio/x-caf\",\"size\":12,"
                        + "\"filename\":\"a.caf\"}");
        assertThat(AttachmentContentJson.write(new AttachmentContent("mxc://localhost/n", null, -1, null)))
                .isEqualTo("{\"url\":\"mxc://localhost/n\",\"mimetype\":null,\"size\":-1,\"filename\":null}");
        assertThat(AttachmentContentJson.write(
                        new AttachmentContent("mxc://localhost/v", "audio/ogg", 1200, "Audio Message.ogg", 1994L)))
                .isEqualTo("{\"url\":\"mxc://localhost/v\",\"mimetype\":\"audio/ogg\",\"size\":1200,"
                        + "\"filename\":\"Audio Message.ogg\",\"duration_ms\":1994}");
    }

    @Test
    void rowsWrittenBeforeVoiceNotesStillLoad() {
        AttachmentContent old = AttachmentContentJson.read(
                "{\"url\":\"mxc://localhost/a\",\"mimetype\":\"audio/x-caf\",\"size\":12,\"filename\":\"a.caf\"}");

        assertThat(old).isEqualTo(new AttachmentContent("mxc://localhost/a", "audio/x-caf", 12, "a.caf"));
        assertThat(old.isVoiceNote()).isFalse();
        assertThat(AttachmentContentJson.write(old)).doesNotContain("duration");
    }

    @Test
    void escapesTheOldWriterProducedReadBackAsTheSameText() {
        String stored = "{\"url\":\"mxc://localhost/q\",\"mimetype\":null,\"size\":3,"
                + "\"filename\":\"say \\\"hi\\\"\\\\now\\n\\t\\u0001é.txt\"}";

        AttachmentContent read = AttachmentContentJson.read(stored);

        assertThat(read.filename()).isEqualTo("say \"hi\"\\now\n\t\u0001é.txt");
        assertThat(read.mimeType()).isNull();
        assertThat(AttachmentContentJson.read(AttachmentContentJson.write(read)))
                .isEqualTo(read);
    }

    @Test
    void aVoiceNoteRoundTripsWithItsDuration() {
        AttachmentContent voice =
                new AttachmentContent("mxc://localhost/v", "audio/ogg", 1200, "Audio Message.ogg", 1994L);

        assertThat(AttachmentContentJson.read(AttachmentContentJson.write(voice)))
                .isEqualTo(voice);
    }

    @Test
    void aMissingSizeReadsAsUnknown() {
        assertThat(AttachmentContentJson.read("{\"url\":\"mxc://localhost/s\"}").size())
                .isEqualTo(-1);
    }

    @Test
    void aRowWithoutUrlOrNotJsonIsRefusedClearly() {
        assertThatThrownBy(() -> AttachmentContentJson.read("{\"mimetype\":\"image/png\",\"size\":1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no url");
        assertThatThrownBy(() -> AttachmentContentJson.read("{\"url\":\"\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no url");
        assertThatThrownBy(() -> AttachmentContentJson.read("not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not json");
        assertThatThrownBy(() -> AttachmentContentJson.read("[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
    }
}
