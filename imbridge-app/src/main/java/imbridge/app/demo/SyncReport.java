package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.core.model.Zone;
import imbridge.core.sync.SyncController;
import imbridge.core.sync.SyncPassResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bootstrap sync against its bounds, measured in the same run: {@code fetchBoundMs} (a plain
 * sequential client fetching the same pages) and {@code roundTripBoundMs} (the longest chain of
 * dependent pages times the simulator's page latency). Message pages commit only after the chats and
 * attachment zones, so the longest chain is the longer of those two zones plus the message zone.
 *
 * @param cpuMsPerPage the bridge's own CPU per message page: the fetch thread's request and decoding
 *                     plus the ingesting thread's rows and transaction (ThreadMXBean thread CPU time)
 */
record SyncReport(
        long wallMs,
        int pages,
        long records,
        long fetchBoundMs,
        double cpuMsPerPage,
        double decodeCpuMsPerPage,
        double ingestCpuMsPerPage,
        long pageLatencyMs,
        int longestChainPages,
        long roundTripBoundMs) {

    static SyncReport of(SyncPassResult bootstrap, long fetchBoundMs, long pageLatencyMs) {
        var messages = bootstrap.messages();
        int chain = Math.max(bootstrap.attachments().pages(), bootstrap.chats().pages()) + messages.pages();
        double decode = messages.pages() == 0 ? 0 : messages.fetchCpuNanos() / 1e6 / messages.pages();
        double ingest = messages.pages() == 0 ? 0 : messages.ingestCpuNanos() / 1e6 / messages.pages();
        return new SyncReport(
                bootstrap.wallMs(),
                bootstrap.totalPages(),
                bootstrap.totalRecords(),
                fetchBoundMs,
                round(messages.cpuMsPerPage()),
                round(decode),
                round(ingest),
                pageLatencyMs,
                chain,
                chain * pageLatencyMs);
    }

    /** Pages per zone the bootstrap committed: what the baseline client fetches. */
    static Map<Zone, Integer> pagesPerZone(SyncPassResult bootstrap) {
        Map<Zone, Integer> pages = new LinkedHashMap<>();
        pages.put(Zone.ATTACHMENTS, bootstrap.attachments().pages());
        pages.put(Zone.CHATS, bootstrap.chats().pages());
        pages.put(Zone.MESSAGES, bootstrap.messages().pages());
        return pages;
    }

    void print(PrintStream out) {
        out.printf(
                "sync: bootstrap %d ms for %d pages (%d records); plain sequential fetch of the same pages %d ms "
                        + "(wall/fetch %.2f); bridge CPU per message page %.2f ms (decode %.2f, ingest %.2f)%n",
                wallMs,
                pages,
                records,
                fetchBoundMs,
                ratio(wallMs, fetchBoundMs),
                cpuMsPerPage,
                decodeCpuMsPerPage,
                ingestCpuMsPerPage);
        if (pageLatencyMs > 0) {
            out.printf(
                    "sync: round trips alone: %d dependent pages x %d ms = %d ms (wall/round trips %.2f)%n",
                    longestChainPages, pageLatencyMs, roundTripBoundMs, ratio(wallMs, roundTripBoundMs));
        }
    }

    /** Adds the {@code sync} object to the verifier's JSON report. */
    void appendTo(Path reportJson) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = (ObjectNode) json.readTree(reportJson.toFile());
        root.set("sync", json.valueToTree(this));
        json.writeValue(reportJson.toFile(), root);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    /** Passes the controller's milestones on and keeps the bootstrap pass's result. */
    static final class Capture implements SyncController.Listener {
        private final SyncController.Listener next;
        private volatile SyncPassResult bootstrap;

        Capture(SyncController.Listener next) {
            this.next = next;
        }

        SyncPassResult bootstrap() {
            return bootstrap;
        }

        @Override
        public void bootstrapComplete(SyncPassResult result) {
            bootstrap = result;
            next.bootstrapComplete(result);
        }

        @Override
        public void resyncComplete(int index, SyncPassResult result) {
            next.resyncComplete(index, result);
        }

        @Override
        public void resyncFailed(int index, Exception error) {
            next.resyncFailed(index, error);
        }

        @Override
        public void finished() {
            next.finished();
        }
    }
}
