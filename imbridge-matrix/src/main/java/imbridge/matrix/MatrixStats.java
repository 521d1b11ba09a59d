package imbridge.matrix;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the Matrix client, for reports and metrics: every HTTP attempt, retries by cause,
 * requests that ended in an error, and what was delivered (single sends, batch requests and their events).
 * Thread-safe; {@link #snapshot()} is a consistent-enough copy for reporting.
 */
public final class MatrixStats {
    private final LongAdder requests = new LongAdder();
    private final LongAdder sends = new LongAdder();
    private final LongAdder batchRequests = new LongAdder();
    private final LongAdder batchEvents = new LongAdder();
    private final LongAdder retryWaitMillis = new LongAdder();
    private final Map<RetryCause, LongAdder> retries = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    void request() {
        requests.increment();
    }

    void retry(RetryCause cause, long waitMillis) {
        retries.computeIfAbsent(cause, c -> new LongAdder()).increment();
        retryWaitMillis.add(waitMillis);
    }

    /** A request that ended in an error (after its retries), by Matrix error code. */
    void error(String errcode) {
        errors.computeIfAbsent(errcode, c -> new LongAdder()).increment();
    }

    void send() {
        sends.increment();
    }

    void batch(int events) {
        batchRequests.increment();
        batchEvents.add(events);
    }

    public Snapshot snapshot() {
        Map<String, Long> retriesByCause = new TreeMap<>();
        retries.forEach((cause, n) -> retriesByCause.put(cause.label(), n.sum()));
        Map<String, Long> errorsByErrcode = new TreeMap<>();
        errors.forEach((code, n) -> errorsByErrcode.put(code, n.sum()));
        return new Snapshot(
                requests.sum(),
                sends.sum(),
                batchRequests.sum(),
                batchEvents.sum(),
                retriesByCause,
                errorsByErrcode,
                retryWaitMillis.sum());
    }

    /**
     * @param requests          HTTP attempts made (retries included)
     * @param sends             messages delivered through {@code /send}
     * @param batchRequests     successful {@code batch_send} requests
     * @param batchEvents       events delivered in those requests
     * @param retriesByCause    retries by {@link RetryCause#label()} ({@code 429}, {@code 502}, {@code transport}, …)
     * @param errorsByErrcode   requests that ended in an error answer or gave up, by error code; some are
     *                          expected and handled (e.g. {@code M_USER_IN_USE} when a ghost already exists)
     * @param retryWaitMillis   time spent waiting between attempts
     */
    public record Snapshot(
            long requests,
            long sends,
            long batchRequests,
            long batchEvents,
            Map<String, Long> retriesByCause,
            Map<String, Long> errorsByErrcode,
            long retryWaitMillis) {
        public Snapshot {
            retriesByCause = Collections.unmodifiableMap(new TreeMap<>(retriesByCause));
            errorsByErrcode = Collections.unmodifiableMap(new TreeMap<>(errorsByErrcode));
        }

        public long totalRetries() {
            return retriesByCause.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
