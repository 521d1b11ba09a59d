package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** Adds a top-level section to the demo's JSON report (written first by the verifier's ReportJson). */
final class ReportSections {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportSections() {}

    /** Copies every top-level field of {@code sections} into the report (replacing fields of the same name). */
    static void merge(Path reportJson, ObjectNode sections) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(reportJson.toFile());
        root.setAll(sections);
        JSON.writeValue(reportJson.toFile(), root);
    }

    static void put(Path reportJson, String key, Object value) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(reportJson.toFile());
        root.set(key, JSON.valueToTree(value));
        JSON.writeValue(reportJson.toFile(), root);
    }
}
