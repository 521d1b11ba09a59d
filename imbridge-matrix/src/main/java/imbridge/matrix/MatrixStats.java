package imbridge.matrix;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
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
    /** Where send latencies and errors go as meters; nowhere until {@link #bindTo}. */
    private volatile MeterRegistry meters = new CompositeMeterRegistry();

    /**
     * Exposes these counters as meters of {@code registry} (read at each scrape, so nothing is counted twice) and
     * records each send's latency there from now on.
     */
    public void bindTo(MeterRegistry registry) {
        this.meters = registry;
        counter(registry, "imbridge.matrix.requests", "HTTP attempts to the homeserver, retries included", requests);
        FunctionCounter.builder("imbridge.parts.sent", sends, LongAdder::doubleValue)
                .description("message parts (text, file, reaction) the homeserver accepted")
                .tag("path", "send")
                .register(registry);
        FunctionCounter.builder("imbridge.parts.sent", batchEvents, LongAdder::doubleValue)
                .description("message parts (text, file, reaction) the homeserver accepted")
                .tag("path", "batch")
                .register(registry);
        counter(registry, "imbridge.matrix.batch.requests", "successful batch_send requests", batchRequests);
        for (RetryCause cause : RetryCause.values()) {
            LongAdder n = retries.computeIfAbsent(cause, c -> new LongAdder());
            FunctionCounter.builder("imbridge.matrix.retries", n, LongAdder::doubleValue)
                    .description("homeserver requests retried, by cause")
                    .tag("cause", cause.label())
                    .register(registry);
        }
        FunctionCounter.builder("imbridge.matrix.retry.wait", retryWaitMillis, w -> w.doubleValue() / 1000.0)
                .description("time spent waiting between homeserver attempts")
                .baseUnit("seconds")
                .register(registry);
        errors.forEach(this::errorCounter);
    }

    private static void counter(MeterRegistry registry, String name, String description, LongAdder n) {
        FunctionCounter.builder(name, n, LongAdder::doubleValue)
                .description(description)
                .register(registry);
    }

    private void errorCounter(String errcode, LongAdder n) {
        FunctionCounter.builder("imbridge.matrix.errors", n, LongAdder::doubleValue)
                .description("homeserver requests that ended in an error, by Matrix error code")
                .tag("errcode", errcode)
                .register(meters);
    }

    /** One {@code /send} of a part took {@code took}, from the first attempt to the homeserver's answer. */
    void sendTook(Duration took) {
        Timer.builder("imbridge.matrix.send")
                .description("a part's /send, from the first attempt until the homeserver accepted it")
                .publishPercentileHistogram()
                .register(meters)
                .record(took);
    }

    void request() {
        requests.increment();
    }

    void retry(RetryCause cause, long waitMillis) {
        retries.computeIfAbsent(cause, c -> new LongAdder()).increment();
        retryWaitMillis.add(waitMillis);
    }

    /** A request that ended in an error (after its retries), by Matrix error code. */
    void error(String errcode) {
        errors.computeIfAbsent(errcode, c -> {
                    LongAdder n = new LongAdder();
                    errorCounter(c, n);
                    return n;
                })
                .increment();
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
