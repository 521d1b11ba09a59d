package imbridge.app.corpus;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Well-formed CloudKit records, so a case names the good data around its bad record with one word. */
final class GoodRecords {
    /** 2023-11-14T22:13:20Z in CloudKit's nanoseconds since 2001-01-01. */
    private static final long TIME = 721_692_800_000_000_000L;

    private GoodRecords() {}

    static ObjectNode of(String zoneName, String name) {
        ObjectNode record = CorpusCase.YAML_AS_JSON.createObjectNode();
        record.put("recordName", name).put("deleted", false);
        record.putObject("zoneID").put("zoneName", zoneName).put("ownerName", "_defaultOwner");
        ObjectNode fields = record.putObject("fields");
        switch (zoneName) {
            case "chatManateeZone" -> {
                record.put("recordType", "chatEncryptedv2");
                string(fields, "cid", CloudKitDriver.DM);
                string(fields, "guid", CloudKitDriver.DM);
                string(fields, "svc", "iMessage");
                fields.putObject("stl").put("value", 45).put("type", "INT64");
                ObjectNode people = fields.putObject("ptcpts").put("type", "LIST");
                people.putArray("value").addObject().put("FZPersonID", "tel:+15551234567");
            }
            case "messageManateeZone" -> {
                record.put("recordType", "MessageEncryptedV3");
                string(fields, "guid", guid(name));
                string(fields, "chatID", CloudKitDriver.DM);
                string(fields, "sender", "+15551234567");
                string(fields, "text", "good " + name);
                string(fields, "svc", "iMessage");
                fields.putObject("time")
                        .put("value", TIME + Math.floorMod(name.hashCode(), 1000) * 1_000_000L)
                        .put("type", "INT64");
                fields.putObject("flags").put("value", 0).put("type", "INT64");
            }
            default -> throw new IllegalArgumentException("no good record for " + zoneName);
        }
        return record;
    }

    /** A GUID in Apple's shape, the same for the same name. */
    static String guid(String name) {
        return java.util
                .UUID
                .nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString()
                .toUpperCase(java.util.Locale.ROOT);
    }

    private static void string(ObjectNode fields, String name, String value) {
        fields.putObject(name).put("value", value).put("type", "STRING");
    }
}
