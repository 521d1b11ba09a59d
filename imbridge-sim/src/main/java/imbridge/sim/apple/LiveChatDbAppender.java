package imbridge.sim.apple;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages arriving in the live database (the Messages app writing while the bridge reads): at {@code rate}
 * messages per second for {@code duration}, each message (its attachment row and file, message row, chat join)
 * is committed in its own small transaction through the appender's own connection, and appended to the dataset so
 * the truth includes it. Time comes from the injected clock like the simulator's {@code LiveFeed}: a daemon ticker
 * calls {@link #pump()} every {@value #TICK_MS} ms, and tests on a hand-moved clock call it themselves.
 */
public final class LiveChatDbAppender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveChatDbAppender.class);
    static final long TICK_MS = 50;
    static final double DEFAULT_ATTACHMENT_SHARE = 0.2;

    private final AppleExport export;
    private final Clock clock;
    private final Instant start;
    private final double rate;
    private final int total;
    private final double attachmentShare;
    private final long baseNs;
    private final Connection connection;
    private final ScheduledExecutorService ticker;
    private int written;
    private boolean closed;

    private LiveChatDbAppender(AppleExport export, Clock clock, double rate, Duration duration, double attachmentShare)
            throws SQLException {
        this.export = export;
        this.clock = clock;
        this.start = clock.instant();
        this.rate = rate;
        this.total = (int) Math.round(rate * duration.toMillis() / 1000.0);
        this.attachmentShare = attachmentShare;
        this.baseNs = export.plan().snapshotNs();
        this.connection = ChatDbWriter.open(export.database());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "live-chatdb-appender");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Appends ~1 in 5 messages with a JPEG attachment. */
    public static LiveChatDbAppender start(
            AppleExport export, Clock clock, double messagesPerSecond, Duration duration) {
        return start(export, clock, messagesPerSecond, duration, DEFAULT_ATTACHMENT_SHARE);
    }

    /** @param attachmentShare share of messages that carry an attachment (0 for none) */
    public static LiveChatDbAppender start(
            AppleExport export, Clock clock, double messagesPerSecond, Duration duration, double attachmentShare) {
        if (!(messagesPerSecond > 0 && messagesPerSecond <= 10_000)) {
            throw new IllegalArgumentException("rate must be within (0, 10000] messages/s: " + messagesPerSecond);
        }
        if (duration.isNegative() || !(attachmentShare >= 0 && attachmentShare <= 1)) {
            throw new IllegalArgumentException("need a non-negative duration and an attachment share in 0..1");
        }
        try {
            return new LiveChatDbAppender(export, clock, messagesPerSecond, duration, attachmentShare);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + export.database(), e);
        }
    }

    private void tick() {
        try {
            pump();
        } catch (RuntimeException e) {
            log.error("live chat.db appender tick failed", e);
        }
    }

    /** Writes every message that is due on the clock; returns how many this call wrote. */
    public synchronized int pump() {
        if (closed) {
            return 0;
        }
        long elapsedNs = Duration.between(start, clock.instant()).toNanos();
        int due = (int) Math.min(total, Math.floor(elapsedNs * rate / 1e9) + 1);
        int before = written;
        while (written < due) {
            int index = written;
            long offsetNs = Math.round(index / rate * 1e9);
            String key = "live#" + index;
            boolean attachment =
                    Choices.unit(export.plan().choiceSeed(), "live-attachment-share", key) < attachmentShare;
            Optional<LiveRows.LiveMessage> next = LiveRows.next(export.plan(), index, baseNs + offsetNs, attachment);
            if (next.isEmpty()) {
                log.info("live appender stops: the account has no conversation to write into (reason NO_CHAT)");
                written = total;
                break;
            }
            export.appendLive(connection, next.get());
            written++;
        }
        return written - before;
    }

    /** Messages written so far. */
    public synchronized int written() {
        return written;
    }

    /** Messages the whole run writes (rate × duration). */
    public int total() {
        return total;
    }

    public synchronized boolean done() {
        return written >= total;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.shutdownNow();
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the live appender's connection failed", e);
        }
    }
}
