package imbridge.sim.cloudkit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders changes as CloudKit record dictionaries, field values in clear JSON (wire-contracts.md §1). A
 * {@link MalformedRecord} is rendered like its underlying record with its {@link Defect} applied.
 */
final class RecordWriter {

    /** Bytes that are never valid UTF-8 (a lone continuation byte, then a lead byte without continuation). */
    static final byte[] INVALID_UTF8 = {(byte) 0x80, (byte) 0xC3, (byte) 0x28, (byte) 0xFF};

    private final String baseUrl;

    RecordWriter(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static void writeZoneId(JsonGenerator g, String zoneName) throws IOException {
        g.writeObjectFieldStart("zoneID");
        g.writeStringField("zoneName", zoneName);
        g.writeStringField("ownerName", Zones.OWNER);
        g.writeEndObject();
    }

    String downloadUrl(String recordName) {
        return baseUrl + "/assets/" + recordName;
    }

    void writeChange(JsonGenerator g, String zoneName, Change change) throws IOException {
        if (change.deleted()) {
            g.writeStartObject();
            g.writeStringField("recordName", change.recordName());
            g.writeBooleanField("deleted", true);
            writeZoneId(g, zoneName);
            g.writeEndObject();
            return;
        }
        CkRecord record = change.record();
        Defect defect = record instanceof MalformedRecord malformed ? malformed.defect() : null;
        CkRecord shape = record instanceof MalformedRecord malformed ? malformed.base() : record;
        g.writeStartObject();
        g.writeStringField("recordName", record.recordName());
        g.writeStringField("recordType", record.recordType());
        g.writeStringField("recordChangeTag", change.changeTag());
        g.writeObjectFieldStart("fields");
        Fields fields = new Fields(g, defect);
        switch (shape) {
            case ChatRecord chat -> writeChatFields(fields, chat);
            case MessageRecord message -> writeMessageFields(fields, message);
            case AttachmentRecord attachment -> writeAttachmentFields(fields, attachment);
            case MalformedRecord nested -> throw new IllegalStateException("malformed records do not nest");
        }
        g.writeEndObject();
        writeZoneId(g, zoneName);
        g.writeBooleanField("deleted", false);
        g.writeEndObject();
    }

    private static void writeChatFields(Fields f, ChatRecord chat) throws IOException {
        f.string("cid", chat.cid());
        f.string("gid", chat.gid());
        f.int64("stl", chat.style());
        f.string("svc", chat.service());
        f.string("name", chat.name());
        f.participants("ptcpts", chat.participants());
        f.int64("filt", chat.filter());
        f.string("guid", chat.guid());
    }

    private static void writeMessageFields(Fields f, MessageRecord message) throws IOException {
        f.string("guid", message.guid());
        f.string("chatID", message.chatId());
        f.string("sender", message.sender());
        f.int64("time", message.timeNs());
        f.int64("flags", message.flags());
        f.string("text", message.text());
        f.string("subject", message.subject());
        f.stringList("attachments", message.attachmentGuids());
        f.string("svc", message.service());
        f.int64("msgType", message.msgType());
        MessageMeta meta = message.meta();
        f.optionalInt64("assocType", meta.assocType());
        f.string("assocGuid", meta.assocGuid());
        f.string("assocEmoji", meta.assocEmoji());
        f.string("replyGuid", meta.replyGuid());
        if (meta.unsent()) {
            f.int64("unsent", 1);
        }
        f.optionalInt64("editedAt", meta.editedAtNs());
        f.optionalInt64("dateRead", meta.dateReadNs());
    }

    private void writeAttachmentFields(Fields f, AttachmentRecord attachment) throws IOException {
        f.string("guid", attachment.guid());
        f.string("mime", attachment.mime());
        f.string("uti", attachment.uti());
        f.string("filename", attachment.filename());
        f.int64("size", attachment.size());
        f.asset("lqa", attachment.sha256(), attachment.size(), downloadUrl(attachment.recordName()));
    }

    /**
     * Writes {@code name: {"value": …, "type": …}} entries; absent values are left out, as CloudKit omits unset
     * fields. The one field a defect names is written missing, mistyped or with invalid UTF-8 instead.
     */
    private static final class Fields {

        private final JsonGenerator g;
        private final Defect defect;

        Fields(JsonGenerator g, Defect defect) {
            this.g = g;
            this.defect = defect;
        }

        void string(String name, String value) throws IOException {
            if (value == null || reshaped(name, value, false)) {
                return;
            }
            g.writeObjectFieldStart(name);
            g.writeStringField("value", value);
            g.writeStringField("type", "STRING");
            g.writeEndObject();
        }

        void int64(String name, long value) throws IOException {
            if (reshaped(name, Long.toString(value), true)) {
                return;
            }
            g.writeObjectFieldStart(name);
            g.writeNumberField("value", value);
            g.writeStringField("type", "INT64");
            g.writeEndObject();
        }

        void optionalInt64(String name, Long value) throws IOException {
            if (value != null) {
                int64(name, value);
            }
        }

        void stringList(String name, List<String> values) throws IOException {
            if (values.isEmpty() || reshaped(name, String.join(",", values), false)) {
                return;
            }
            g.writeObjectFieldStart(name);
            g.writeArrayFieldStart("value");
            for (String value : values) {
                g.writeString(value);
            }
            g.writeEndArray();
            g.writeStringField("type", "STRING_LIST");
            g.writeEndObject();
        }

        void participants(String name, List<String> uris) throws IOException {
            if (reshaped(name, String.join(",", uris), false)) {
                return;
            }
            g.writeObjectFieldStart(name);
            g.writeArrayFieldStart("value");
            for (String uri : uris) {
                g.writeStartObject();
                g.writeStringField("FZPersonID", uri);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("type", "LIST");
            g.writeEndObject();
        }

        void asset(String name, String sha256, long size, String downloadUrl) throws IOException {
            if (reshaped(name, downloadUrl, false)) {
                return;
            }
            g.writeObjectFieldStart(name);
            g.writeObjectFieldStart("value");
            g.writeStringField("fileChecksum", sha256);
            g.writeNumberField("size", size);
            g.writeStringField("downloadURL", downloadUrl);
            g.writeEndObject();
            g.writeStringField("type", "ASSETID");
            g.writeEndObject();
        }

        /**
         * Writes the defective form of {@code name} if the defect is about it; true when it was handled.
         *
         * @param numeric whether the contract declares the field INT64 (else a string, list or asset)
         */
        private boolean reshaped(String name, String valueText, boolean numeric) throws IOException {
            if (defect == null || !defect.reshapes(name)) {
                return false;
            }
            switch (defect.kind()) {
                case MISSING_FIELD -> {}
                case WRONG_TYPE -> wrongType(name, valueText, numeric);
                case INVALID_UTF8 -> invalidUtf8(name, valueText);
                default -> throw new IllegalStateException("not a shape defect: " + defect);
            }
            return true;
        }

        /**
         * Decided by the field's declared type, never by its value: text (declared STRING) where a number belongs,
         * a number (declared INT64) where text, a list or an asset belongs.
         */
        private void wrongType(String name, String valueText, boolean numeric) throws IOException {
            g.writeObjectFieldStart(name);
            if (numeric) {
                g.writeStringField("value", "#" + valueText);
                g.writeStringField("type", "STRING");
            } else {
                g.writeNumberField("value", valueText.length());
                g.writeStringField("type", "INT64");
            }
            g.writeEndObject();
        }

        /** The value's UTF-8 with never-valid bytes in the middle, written raw into the body. */
        private void invalidUtf8(String name, String valueText) throws IOException {
            if (valueText.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
                throw new IllegalStateException("raw values cannot carry JSON escapes: " + name);
            }
            byte[] text = valueText.getBytes(StandardCharsets.UTF_8);
            int half = text.length / 2;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length + INVALID_UTF8.length);
            bytes.write(text, 0, half);
            bytes.write(INVALID_UTF8, 0, INVALID_UTF8.length);
            bytes.write(text, half, text.length - half);
            byte[] raw = bytes.toByteArray();
            g.writeObjectFieldStart(name);
            g.writeFieldName("value");
            g.writeRawUTF8String(raw, 0, raw.length);
            g.writeStringField("type", "STRING");
            g.writeEndObject();
        }
    }
}
