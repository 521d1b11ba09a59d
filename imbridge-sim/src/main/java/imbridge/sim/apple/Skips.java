package imbridge.sim.apple;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/** Records the export leaves out: each logged at INFO with its reason code, and counted by reason. */
final class Skips {

    private final Logger log;
    private final Map<String, Integer> counts = new TreeMap<>();

    Skips(Logger log) {
        this.log = log;
    }

    /** {@code what} names the record; the reason code ends the log line as "(reason CODE)". */
    void skip(String reason, int count, String what) {
        if (count <= 0) {
            return;
        }
        counts.merge(reason, count, Integer::sum);
        log.info("{} (reason {})", what, reason);
    }

    Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }
}
