package imbridge.sim.cloudkit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/** Renders stream lines: one JSON object and a newline each, absent fields left out (wire-contracts.md §1). */
final class LiveEventJson {

    static final byte[] PING = "{\"kind\":\"PING\"}\n".getBytes(StandardCharsets.UTF_8);

    private LiveEventJson() {}

    /** @param downloadUrl the asset URL of an attachment record name */
    static byte[] line(long seq, boolean stored, LiveEventData e, Function<String, String> downloadUrl) {
        byte[] json = Json.write(g -> write(g, seq, stored, e, downloadUrl));
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    private static void write(
            JsonGenerator g, long seq, boolean stored, LiveEventData e, Function<String, String> downloadUrl)
            throws IOException {
        g.writeStartObject();
        g.writeNumberField("seq", seq);
        g.writeStringField("kind", e.kind().name());
        g.writeBooleanField("stored", stored);
        optional(g, "guid", e.guid());
        optional(g, "chatId", e.chatId());
        optional(g, "sender", e.sender());
        g.writeBooleanField("fromMe", e.fromMe());
        g.writeNumberField("ts", e.ts());
        optional(g, "text", e.text());
        optional(g, "subject", e.subject());
        optional(g, "service", e.service());
        if (!e.attachments().isEmpty()) {
            g.writeArrayFieldStart("attachments");
            for (AttachmentRecord a : e.attachments()) {
                g.writeStartObject();
                g.writeStringField("recordName", a.recordName());
                g.writeStringField("guid", a.guid());
                g.writeStringField("mimeType", a.mime());
                optional(g, "uti", a.uti());
                optional(g, "filename", a.filename());
                g.writeNumberField("size", a.size());
                g.writeStringField("sha256", a.sha256());
                g.writeStringField("downloadUrl", downloadUrl.apply(a.recordName()));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (e.tapbackType() != null) {
            g.writeNumberField("tapbackType", e.tapbackType());
        }
        optional(g, "tapbackTarget", e.tapbackTarget());
        optional(g, "tapbackEmoji", e.tapbackEmoji());
        optional(g, "replyTo", e.replyTo());
        optional(g, "targetGuid", e.targetGuid());
        optional(g, "newText", e.newText());
        if (!e.participants().isEmpty()) {
            g.writeArrayFieldStart("participants");
            for (String p : e.participants()) {
                g.writeString(p);
            }
            g.writeEndArray();
        }
        optional(g, "groupName", e.groupName());
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
