package imbridge.applelocal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Counts what a reader of Apple's data leaves out or reads by a fallback, by reason code, and logs each decision at
 * INFO under the reader's own prefix: nothing is dropped silently. Thread-safe (asset opens count from download
 * threads).
 */
public abstract class ReasonCounter {
    private final Logger log;
    private final String prefix;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** @param prefix what the log lines start with ("chat.db", "contacts") */
    protected ReasonCounter(Logger log, String prefix) {
        this.log = log;
        this.prefix = prefix;
    }

    /** Logs {@code what} (e.g. "message guid=…") with its reason and detail, and counts it. */
    public void record(String reason, String what, String detail) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
        log.info(
                "{}: {} reason={}{}",
                prefix,
                what,
                reason,
                detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }

    public long count(String reason) {
        LongAdder n = counts.get(reason);
        return n == null ? 0 : n.sum();
    }

    /** Reason → count, sorted by reason. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((reason, n) -> out.put(reason, n.sum()));
        return out;
    }
}
