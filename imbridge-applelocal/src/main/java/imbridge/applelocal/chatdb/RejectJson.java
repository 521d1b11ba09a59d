package imbridge.applelocal.chatdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code rawJson} of a quarantined row: which table and row, its key values and why; never its BLOBs (a body
 * may be megabytes and is still in the database for a later look).
 */
final class RejectJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RejectJson() {}

    static String messageRow(MessageRow row, String detail) {
        ObjectNode n = JSON.createObjectNode();
        n.put("table", "message")
                .put("rowid", row.rowId())
                .put("guid", row.guid())
                .put("date", row.date())
                .put("text", row.text())
                .put("attributedBodyBytes", row.attributedBody() == null ? 0 : row.attributedBody().length)
                .put("detail", detail);
        return n.toString();
    }
}
