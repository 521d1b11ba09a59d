package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.CloudChat;
import imbridge.core.model.Zone;
import java.util.ArrayList;
import java.util.List;

/** {@code chatEncryptedv2} → {@link CloudChat} (behaviour.md §3.3). */
final class ChatRecordDecoder implements RecordDecoder<CloudChat> {

    @Override
    public Zone zone() {
        return Zone.CHATS;
    }

    @Override
    public String recordType() {
        return "chatEncryptedv2";
    }

    @Override
    public CloudChat decode(String recordName, RecordFields fields) throws RecordDecodeException {
        String cid = fields.optionalString("cid");
        String cloudChatId = cid == null || cid.isBlank() ? recordName : cid;
        long style = fields.requiredLong("stl");
        if (style < Integer.MIN_VALUE || style > Integer.MAX_VALUE) {
            throw RecordDecodeException.wrongType("stl", "field 'stl' is out of range: " + style);
        }
        String groupId = blankToNull(fields.optionalString("gid"));
        Long filt = fields.optionalLong("filt");
        // Not part of the model, but read so that a mistyped chat GUID quarantines the record like any other field.
        fields.optionalString("guid");
        return new CloudChat(
                recordName,
                cloudChatId,
                groupId,
                (int) style,
                blankToNull(fields.optionalString("svc")),
                blankToNull(fields.optionalString("name")),
                participants(fields.optionalList("ptcpts")),
                filt != null && filt != 0);
    }

    private static List<String> participants(List<JsonNode> entries) throws RecordDecodeException {
        List<String> uris = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode id = entries.get(i).get("FZPersonID");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw RecordDecodeException.wrongType(
                        "ptcpts",
                        "ptcpts[" + i + "] has no FZPersonID string: " + RecordFields.describe(entries.get(i)));
            }
            uris.add(id.asText());
        }
        return uris;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
