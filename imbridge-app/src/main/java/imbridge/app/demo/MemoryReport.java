package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The report's {@code memory} object: the heap facts ({@link HeapPeak}) of each JVM role — {@code bridge},
 * {@code verifier} and, when the demo runs over processes, {@code world} ({@link DemoProcesses}).
 */
final class MemoryReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MemoryReport() {}

    /** Adds {@code memory.<role>} to a JSON object file, keeping the roles already there. */
    static void append(Path json, String role, Object facts) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(json.toFile());
        ObjectNode memory = root.has("memory") ? (ObjectNode) root.get("memory") : root.putObject("memory");
        memory.set(role, JSON.valueToTree(facts));
        JSON.writeValue(json.toFile(), root);
    }
}
