package imbridge.sim.cloudkit;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;

/** Renders changes as CloudKit record dictionaries, field values in clear JSON (wire contract §1). */
final class RecordWriter {

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
        g.writeStartObject();
        g.writeStringField("recordName", record.recordName());
        g.writeStringField("recordType", record.recordType());
        g.writeStringField("recordChangeTag", change.changeTag());
        g.writeObjectFieldStart("fields");
        switch (record) {
            case ChatRecord chat -> writeChatFields(g, chat);
            case MessageRecord message -> writeMessageFields(g, message);
            case AttachmentRecord attachment -> writeAttachmentFields(g, attachment);
        }
        g.writeEndObject();
        writeZoneId(g, zoneName);
        g.writeBooleanField("deleted", false);
        g.writeEndObject();
    }

    private static void writeChatFields(JsonGenerator g, ChatRecord chat) throws IOException {
        string(g, "cid", chat.cid());
        string(g, "gid", chat.gid());
        int64(g, "stl", chat.style());
        string(g, "svc", chat.service());
        string(g, "name", chat.name());
        g.writeObjectFieldStart("ptcpts");
        g.writeArrayFieldStart("value");
        for (String uri : chat.participants()) {
            g.writeStartObject();
            g.writeStringField("FZPersonID", uri);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("type", "LIST");
        g.writeEndObject();
        int64(g, "filt", chat.filter());
        string(g, "guid", chat.guid());
    }

    private static void writeMessageFields(JsonGenerator g, MessageRecord message) throws IOException {
        string(g, "guid", message.guid());
        string(g, "chatID", message.chatId());
        string(g, "sender", message.sender());
        int64(g, "time", message.timeNs());
        int64(g, "flags", message.flags());
        string(g, "text", message.text());
        string(g, "subject", message.subject());
        stringList(g, "attachments", message.attachmentGuids());
        string(g, "svc", message.service());
        int64(g, "msgType", message.msgType());
    }

    private void writeAttachmentFields(JsonGenerator g, AttachmentRecord attachment) throws IOException {
        string(g, "guid", attachment.guid());
        string(g, "mime", attachment.mime());
        string(g, "uti", attachment.uti());
        string(g, "filename", attachment.filename());
        int64(g, "size", attachment.size());
        g.writeObjectFieldStart("lqa");
        g.writeObjectFieldStart("value");
        g.writeStringField("fileChecksum", attachment.sha256());
        g.writeNumberField("size", attachment.size());
        g.writeStringField("downloadURL", downloadUrl(attachment.recordName()));
        g.writeEndObject();
        g.writeStringField("type", "ASSETID");
        g.writeEndObject();
    }

    /** Absent values are left out, as CloudKit omits unset fields. */
    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeObjectFieldStart(name);
            g.writeStringField("value", value);
            g.writeStringField("type", "STRING");
            g.writeEndObject();
        }
    }

    private static void int64(JsonGenerator g, String name, long value) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("value", value);
        g.writeStringField("type", "INT64");
        g.writeEndObject();
    }

    private static void stringList(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values.isEmpty()) {
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
}
