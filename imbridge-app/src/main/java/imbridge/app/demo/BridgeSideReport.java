package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.matrix.MatrixStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the run went on the wire, beside the verdict: the bridge's Client-Server counters (sends,
 * batch requests, retries by cause), the appservice events it quarantined, and the homeserver
 * double's own counters. Informational only; the verdict comes from the verifier.
 */
final class BridgeSideReport {
    private final Map<String, Object> matrix;
    private final Map<String, Object> homeserver;

    BridgeSideReport(MatrixStats.Snapshot stats, long quarantinedEvents, Map<String, Object> homeserverStats) {
        this.matrix = new LinkedHashMap<>();
        matrix.put("requests", stats.requests());
        matrix.put("sends", stats.sends());
        matrix.put("batchRequests", stats.batchRequests());
        matrix.put("batchEvents", stats.batchEvents());
        matrix.put("retries", stats.totalRetries());
        matrix.put("retriesByCause", stats.retriesByCause());
        matrix.put("errorsByErrcode", stats.errorsByErrcode());
        matrix.put("quarantinedEvents", quarantinedEvents);
        this.homeserver = homeserverStats;
    }

    void print(PrintStream out) {
        out.println("matrix: " + matrix);
        out.println("homeserver double: " + homeserver);
    }

    /** Adds {@code matrix} and {@code homeserver} objects to the verifier's JSON report. */
    void appendTo(Path reportJson) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = (ObjectNode) json.readTree(reportJson.toFile());
        root.set("matrix", json.valueToTree(matrix));
        root.set("homeserver", json.valueToTree(homeserver));
        json.writeValue(reportJson.toFile(), root);
    }
}
