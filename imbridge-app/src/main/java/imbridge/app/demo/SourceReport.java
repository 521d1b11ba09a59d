package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.app.config.HistorySource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's {@code source}: which history source was bridged, and what each import sent. */
final class SourceReport {
    private final Map<String, Object> source;

    private SourceReport(Map<String, Object> source) {
        this.source = source;
    }

    static SourceReport of(HistorySource config, List<ImportRun> imports) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", config.type());
        if (config.path() != null) {
            s.put("path", config.path().toAbsolutePath().toString());
        }
        if (config.watch()) {
            s.put("mode", "watch");
        }
        s.put("imports", imports);
        return new SourceReport(s);
    }

    void print(PrintStream out) {
        out.println("source: " + source.get("type") + (source.containsKey("path") ? " " + source.get("path") : ""));
        @SuppressWarnings("unchecked")
        List<ImportRun> imports = (List<ImportRun>) source.get("imports");
        if (imports.size() > 1) {
            imports.forEach(i -> out.printf("  import %d: %d events sent%n", i.number(), i.eventsSent()));
        }
    }

    void appendTo(Path reportJson) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = (ObjectNode) json.readTree(reportJson.toFile());
        root.set("source", json.valueToTree(source));
        json.writeValue(reportJson.toFile(), root);
    }

    /** The watch phase's {@code live} object (rows appended to the watched database, polls, catch-up time). */
    static void appendLive(Map<String, Object> facts, Path reportJson) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = (ObjectNode) json.readTree(reportJson.toFile());
        root.set("live", json.valueToTree(facts));
        json.writeValue(reportJson.toFile(), root);
    }
}
