package imbridge.core.backfill;

import imbridge.core.model.BackfillState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward backfill heartbeat and its stall watchdog (behaviour.md §2.9 {@code backfillProgressAt}, W12).
 * Every download attempt and every send stamps the heartbeat. {@link #check()} — run periodically by a
 * scheduler, or directly by tests with a clock they control — logs progress every
 * {@code progressLogInterval} while backfills run, and when no heartbeat came for {@code stallTimeout}
 * it logs a WARN with each running portal's state and calls the {@link StallHook} (once per silence).
 * There is no deadline: a backfill whose downloads keep completing is never declared stalled.
 */
public final class BackfillMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackfillMonitor.class);

    private final Clock clock;
    private final Duration stallTimeout;
    private final Duration progressInterval;
    private final StallHook hook;
    private final IntSupplier downloadsInFlight;
    private final AtomicLong lastBeat;
    private final AtomicLong beats = new AtomicLong();
    private final Map<String, BackfillState> running = new ConcurrentHashMap<>();
    private long lastProgressLog;
    private long lastBeatsLogged = -1;
    private long stallReportedFor = -1;
    private ScheduledFuture<?> task;

    public BackfillMonitor(
            Clock clock,
            Duration stallTimeout,
            Duration progressInterval,
            StallHook hook,
            IntSupplier downloadsInFlight) {
        this.clock = clock;
        this.stallTimeout = stallTimeout;
        this.progressInterval = progressInterval;
        this.hook = hook;
        this.downloadsInFlight = downloadsInFlight;
        this.lastBeat = new AtomicLong(clock.millis());
        this.lastProgressLog = clock.millis();
    }

    /** A monitor that never reports (tests of other parts, tools). */
    public static BackfillMonitor silent(Clock clock) {
        return new BackfillMonitor(
                clock,
                BackfillSettings.DEFAULT_STALL_TIMEOUT,
                BackfillSettings.DEFAULT_PROGRESS_LOG_INTERVAL,
                StallHook.NONE,
                () -> 0);
    }

    /** Stamped by every download attempt (success or failure) and every send. */
    public void beat() {
        lastBeat.set(clock.millis());
        beats.incrementAndGet();
    }

    public long lastBeatMs() {
        return lastBeat.get();
    }

    public long beats() {
        return beats.get();
    }

    void portalStarted(BackfillState state) {
        running.put(state.portalId(), state);
        beat();
    }

    void portalProgress(BackfillState state) {
        running.put(state.portalId(), state);
        beat();
    }

    void portalEnded(String portalId) {
        running.remove(portalId);
    }

    public List<BackfillState> running() {
        return new ArrayList<>(running.values());
    }

    /** One watchdog tick; returns the stall report when this tick declared a stall. */
    public synchronized StallReport check() {
        long now = clock.millis();
        if (running.isEmpty()) {
            lastProgressLog = now;
            return null;
        }
        if (now - lastProgressLog >= progressInterval.toMillis()) {
            lastProgressLog = now;
            long b = beats.get();
            log.info(
                    "forward backfill progress: {} portal(s) running {}, {} downloads in flight, {} heartbeats "
                            + "({} since the last report)",
                    running.size(),
                    describe(running()),
                    downloadsInFlight.getAsInt(),
                    b,
                    lastBeatsLogged < 0 ? b : b - lastBeatsLogged);
            lastBeatsLogged = b;
        }
        long beat = lastBeat.get();
        long silent = now - beat;
        if (silent < stallTimeout.toMillis() || stallReportedFor == beat) {
            return null;
        }
        stallReportedFor = beat;
        StallReport report = new StallReport(silent, running(), downloadsInFlight.getAsInt());
        log.warn(
                "forward backfill stalled: no download attempt or send for {} s; running: {}; {} downloads in "
                        + "flight; releasing held live messages of these portals",
                silent / 1000,
                describe(report.running()),
                report.downloadsInFlight());
        hook.onStall(report);
        return report;
    }

    private static String describe(List<BackfillState> states) {
        StringBuilder out = new StringBuilder("[");
        for (BackfillState s : states) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(s.portalId())
                    .append(" status=")
                    .append(s.status())
                    .append(" cursor=")
                    .append(s.cursor().timestampMs())
                    .append('/')
                    .append(s.cursor().guidNorm())
                    .append(" messages=")
                    .append(s.messagesDone())
                    .append(" parts=")
                    .append(s.partsSent());
        }
        return out.append(']').toString();
    }

    /** Runs {@link #check()} every {@code period} on the scheduler until closed. */
    public synchronized void start(ScheduledExecutorService scheduler, Duration period) {
        if (task != null) {
            throw new IllegalStateException("already started");
        }
        task = scheduler.scheduleAtFixedRate(
                () -> {
                    try {
                        check();
                    } catch (RuntimeException e) {
                        log.warn("backfill watchdog tick failed: {}", e.toString());
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
