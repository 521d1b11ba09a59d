package imbridge.app.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report's {@code memory} object: the heap facts ({@link HeapPeak}) of the bridge phase and of the verifier
 * phase of this JVM; when the demo runs over processes, {@link DemoProcesses} adds the world's.
 */
final class MemoryReport {
    private MemoryReport() {
    }

    static void appendTo(Path reportJson, Map<String, Object> bridge, Map<String, Object> verifier)
            throws IOException {
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("bridge", bridge);
        memory.put("verifier", verifier);
        ReportSections.put(reportJson, "memory", memory);
    }
}
