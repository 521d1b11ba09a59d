package imbridge.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.applelocal.chatdb.ChatDbInspector;
import imbridge.applelocal.chatdb.ChatDbOpenException;
import imbridge.applelocal.chatdb.ChatDbSourceConfig;
import imbridge.applelocal.chatdb.SchemaReport;
import java.io.IOException;
import java.nio.file.Path;

/** {@code apple inspect --db}: the schema generation imbridge detected in a chat.db / sms.db, and its counts. */
final class DatabaseFacts {
    private DatabaseFacts() {}

    static JsonNode of(Path db) throws IOException {
        SchemaReport report;
        try {
            report = ChatDbInspector.inspect(db, ChatDbSourceConfig.DEFAULT_BUSY_TIMEOUT);
        } catch (ChatDbOpenException e) {
            throw new IOException(e.getMessage(), e);
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode();
        out.put("database", db.toAbsolutePath().toString());
        out.put("schema", report.tier());
        out.set("missing", json.valueToTree(report.missingNotable()));
        out.set("counts", json.valueToTree(report.counts()));
        out.set("tables", json.valueToTree(new java.util.TreeMap<>(report.columns())));
        return out;
    }
}
