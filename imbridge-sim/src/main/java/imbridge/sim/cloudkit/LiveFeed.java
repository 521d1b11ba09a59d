package imbridge.sim.cloudkit;

import imbridge.sim.SimTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's APNs stand-in: numbers live events, keeps them until acknowledged, re-sends the reconnect window's
 * acknowledged events as {@code stored} on every (re)connect, runs the {@link LiveGenerator}'s plan on the injected
 * clock, accepts the owner's sends, and writes every live message to CloudKit as Apple does. One connection at a
 * time: a new one closes the old. All state is guarded by this object's monitor (the helpers it owns —
 * {@link TimedActions}, {@link LiveTimestamps}, {@link OwnerSends}, {@link PushTimes} — are used only under it); a
 * scheduler thread advances the plan. Heartbeats and push times read the injected {@link SimTicker}.
 * <p>
 * Over 400 lines because all its state is guarded by one monitor; the helpers it owns already hold the separable
 * jobs.
 */
public final class LiveFeed implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration ECHO_DELAY = Duration.ofMillis(300);
    static final Duration SENT_WRITE_DELAY = Duration.ofSeconds(2);
    static final Duration NEW_CHAT_DELAY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final long TICK_MS = 20;

    /** One stream connection's cursor; replaced (closed) by the next connection. */
    final class Connection {
        private final long id;
        private final Deque<LiveEventLog.Emitted> stored = new ArrayDeque<>();
        private long cursor;
        private boolean closed;
        private long lastLineNanos;

        private Connection(long id) {
            this.id = id;
            this.lastLineNanos = ticker.nanos();
        }

        long id() {
            return id;
        }
    }

    private final SimConfig config;
    private final Dataset dataset;
    private final Clock clock;
    private final LiveAssets assets;
    private final Function<String, String> downloadUrl;
    private final SimStats stats;
    private final StreamDrops drops;
    private final SimTicker ticker;
    private final ScheduledExecutorService scheduler;

    private final LiveEventLog events = new LiveEventLog();
    private final TimedActions actions = new TimedActions();
    private final LiveTimestamps timestamps;
    private final OwnerSends ownerSends;
    private final PushTimes pushTimes;
    private final List<LiveTruth.Drop> droppedByDesign = new ArrayList<>();
    private final List<LiveTruth.Sent> sent = new ArrayList<>();
    private final List<LiveMessage> messages = new ArrayList<>();
    /** While true the generated live phase waits for {@link #releaseScript()} instead of starting on the first connect. */
    private boolean scriptHeld;

    private boolean scriptStarted;
    private Connection current;
    private long connections;
    private long highestSent;
    private boolean closed;

    /**
     * @param ticker times heartbeats and message pushes; {@link SimTicker#SYSTEM} in the simulator, the scale the
     *               demo's latency report shares with the homeserver double
     */
    LiveFeed(
            SimConfig config,
            Dataset dataset,
            LiveAssets assets,
            Function<String, String> downloadUrl,
            SimStats stats,
            SimTicker ticker) {
        this.config = config;
        this.dataset = dataset;
        this.clock = config.clock();
        this.assets = assets;
        this.downloadUrl = downloadUrl;
        this.stats = stats;
        this.ticker = ticker;
        this.timestamps = new LiveTimestamps(clock, dataset);
        this.pushTimes = new PushTimes(ticker);
        SplitMix64 root = new SplitMix64(dataset.seed());
        this.drops = new StreamDrops(root.fork("live-drops"), config.injects(FaultFamily.LIVE));
        this.ownerSends = new OwnerSends(dataset, assets, root.fork("live-sends"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "live-feed-ticker");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            pump();
        } catch (RuntimeException e) {
            log.error("live feed tick failed", e);
        }
    }

    /** Runs every action that is due on the injected clock. */
    public synchronized void pump() {
        if (actions.runDue(clock.instant())) {
            notifyAll();
        }
    }

    // ---- stream -------------------------------------------------------------------------------------------------

    /** Accepts a stream connection: closes the previous one, starts the live phase on the first. */
    synchronized Connection connect() {
        pump();
        if (closed) {
            throw new IllegalStateException("live feed closed");
        }
        if (current != null) {
            current.closed = true;
        }
        timestamps.ensureAnchor();
        startScript();
        Instant now = clock.instant();
        Instant windowStart = now.minus(config.reconnectWindow());
        Connection connection = new Connection(++connections);
        connection.stored.addAll(events.ackedSince(windowStart));
        connection.cursor = events.acked() + 1;
        current = connection;
        notifyAll();
        log.info(
                "live stream connection {} accepted: {} stored, {} unacknowledged",
                connection.id,
                connection.stored.size(),
                events.size() - events.acked());
        return connection;
    }

    /**
     * The next line for {@code connection}: a stored re-send, an event, or a heartbeat after {@link #HEARTBEAT} of
     * silence; null once the connection is closed (replaced, dropped by a fault, or the feed closed).
     */
    synchronized byte[] next(Connection connection) throws InterruptedException {
        while (true) {
            if (connection.closed || closed) {
                return null;
            }
            if (!connection.stored.isEmpty()) {
                LiveEventLog.Emitted e = connection.stored.poll();
                return line(connection, e, true);
            }
            if (connection.cursor <= events.size()) {
                LiveEventLog.Emitted e = events.get(connection.cursor);
                boolean fresh = e.seq() > highestSent;
                if (fresh && drops.dropBeforeFresh()) {
                    stats.faultInjected("LIVE_DROP");
                    log.info(
                            "live stream connection {} dropped (injected fault) before seq {}", connection.id, e.seq());
                    disconnected(connection);
                    return null;
                }
                connection.cursor++;
                if (fresh) {
                    highestSent = e.seq();
                    drops.freshSent();
                    if (e.data().kind() == LiveKind.MESSAGE && e.data().guid() != null) {
                        pushTimes.pushed(e.data().guid());
                    }
                }
                return line(connection, e, false);
            }
            long waitNanos = connection.lastLineNanos + HEARTBEAT.toNanos() - ticker.nanos();
            if (waitNanos <= 0) {
                connection.lastLineNanos = ticker.nanos();
                return LiveEventJson.PING;
            }
            TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
        }
    }

    private byte[] line(Connection connection, LiveEventLog.Emitted e, boolean stored) {
        connection.lastLineNanos = ticker.nanos();
        return LiveEventJson.line(e.seq(), stored, e.data(), downloadUrl);
    }

    /** The connection ended (client gone, or dropped): it no longer counts as the current one. */
    synchronized void disconnected(Connection connection) {
        connection.closed = true;
        if (current == connection) {
            current = null;
        }
        notifyAll();
    }

    /** Acknowledges every event up to and including {@code seq}. */
    synchronized void ack(long seq) {
        events.ack(seq);
    }

    // ---- sends --------------------------------------------------------------------------------------------------

    /** What the owner sent from Matrix: a text, or a file with its bytes. */
    record Outgoing(String text, String filename, String mimeType, byte[] data) {}

    /**
     * Sends {@code message} as the owner to {@code to} ({@code tel:…}, {@code mailto:…} or {@code gid:<uuid>}):
     * echoed on the stream after {@link #ECHO_DELAY}, written to CloudKit after {@link #SENT_WRITE_DELAY}.
     *
     * @return the message's upper-case GUID
     * @throws java.util.NoSuchElementException when no conversation has that portal ID
     */
    synchronized String send(String to, Outgoing message) {
        pump();
        timestamps.ensureAnchor();
        Instant now = clock.instant();
        LiveMessage live = ownerSends.compose(to, message, timestamps.at(now));
        sent.add(new LiveTruth.Sent(live.guid, live.portalId, message.text(), message.filename()));
        actions.schedule(now.plus(ECHO_DELAY), false, at -> emitMessage(live, live.event(List.of(), null), at, null));
        actions.schedule(now.plus(SENT_WRITE_DELAY), false, at -> write(live, at, false));
        return live.guid;
    }

    // ---- the live phase -------------------------------------------------------------------------------------------

    /**
     * The generated live phase waits for {@link #releaseScript()} instead of starting at the first connection: a demo
     * starts it when the backfills start, so live traffic meets them. Call before the first connection.
     */
    public synchronized void holdScript() {
        scriptHeld = true;
    }

    /** Starts the held live phase now (at once if a client is connected, else at its connection). */
    public synchronized void releaseScript() {
        scriptHeld = false;
        if (timestamps.anchored() && !closed) {
            startScript();
            notifyAll();
        }
    }

    private void startScript() {
        if (scriptStarted || scriptHeld || config.liveEventCount() == 0) {
            return;
        }
        scriptStarted = true;
        Instant start = clock.instant();
        List<LiveScriptItem> plan =
                LiveGenerator.plan(dataset, timestamps.at(start), config.liveEventCount(), config.liveRate());
        for (LiveScriptItem item : plan) {
            if (item.message() != null && item.event().kind() == LiveKind.MESSAGE) {
                item.message().attachments.forEach(assets::addGenerated);
            }
            if (item.cloudKitAtMs() >= 0) {
                Instant at = start.plusMillis(item.cloudKitAtMs());
                if (item.chatUpdate() != null) {
                    actions.schedule(at, true, due -> dataset.append(item.chatUpdate()));
                } else {
                    actions.schedule(at, true, due -> write(item.message(), due, true));
                }
            }
            actions.schedule(start.plusMillis(item.offsetMs()), true, due -> emit(item, due));
        }
        log.info("live phase started: {} events over {}", plan.size(), config.liveDuration());
    }

    private void emit(LiveScriptItem item, Instant at) {
        LiveMessage target = item.message();
        switch (item.event().kind()) {
            case MESSAGE -> {
                emitMessage(target, item.event(), at, item.dropReason());
                return;
            }
            case EDIT -> {
                target.text = item.event().newText();
                target.edited = true;
                target.editedAtMs = item.event().ts();
                rewrite(target);
            }
            case UNSEND -> {
                target.unsent = true;
                rewrite(target);
            }
            default -> {}
        }
        events.append(item.event(), at);
    }

    private void emitMessage(LiveMessage message, LiveEventData event, Instant at, String dropReason) {
        message.emitted = true;
        messages.add(message);
        pushTimes.emitted(message.guid, message.portalId);
        if (message.newChat != null) {
            ownerSends.newChat(message.portalId, message.chatId);
        }
        long seq = events.append(event, at);
        if (dropReason != null) {
            droppedByDesign.add(new LiveTruth.Drop(seq, message.guid, message.portalId, dropReason));
        }
    }

    /** Writes a live message's CloudKit copy (its attachments first; a brand-new DM's chat record a bit later). */
    private void write(LiveMessage message, Instant at, boolean scripted) {
        for (AttachmentRecord attachment : message.attachments) {
            dataset.append(attachment);
        }
        dataset.append(message.toRecord());
        message.written = true;
        if (message.newChat != null) {
            actions.schedule(at.plus(NEW_CHAT_DELAY), scripted, due -> dataset.append(message.newChat));
        }
    }

    /** An edit or unsend after the CloudKit copy was written updates that record. */
    private void rewrite(LiveMessage message) {
        if (message.written) {
            dataset.append(message.toRecord());
        }
    }

    // ---- inspection ---------------------------------------------------------------------------------------------

    /** The live side of the ground truth, as of now. */
    synchronized LiveTruth.View view() {
        pump();
        List<LiveTruth.Message> copies = new ArrayList<>(messages.size());
        for (LiveMessage m : messages) {
            copies.add(new LiveTruth.Message(
                    m.origin,
                    m.guid,
                    m.portalId,
                    m.ts,
                    m.sender,
                    m.fromMe,
                    m.text,
                    m.subject,
                    m.attachments,
                    m.isTapback(),
                    m.edited,
                    m.unsent));
        }
        boolean enabled = config.liveEventCount() > 0;
        boolean complete = !enabled || scriptStarted && actions.scriptedPending() == 0;
        return new LiveTruth.View(
                enabled,
                complete,
                events.size(),
                events.countsByKind(),
                events.size(),
                List.copyOf(droppedByDesign),
                List.copyOf(sent),
                copies);
    }

    /**
     * When each live message was pushed: the {@link SimTicker#nanos()} at which its event was first
     * written to a stream connection (a message emitted while no client was connected counts from its first write,
     * so reconnect back-off is not charged to the receiver). For latency reports in the same process.
     */
    public synchronized List<MessagePush> messagePushes() {
        return pushTimes.snapshot();
    }

    /** A live message pushed on the stream: its GUID, its conversation's portal ID, its {@link SimTicker#nanos()}. */
    public record MessagePush(String guid, String portalId, long pushedNanos) {}

    public synchronized long connections() {
        return connections;
    }

    public synchronized long eventsEmitted() {
        return events.size();
    }

    public synchronized long acked() {
        return events.acked();
    }

    /** The live phase has emitted its last event and written its last CloudKit change. */
    public boolean complete() {
        return view().complete();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        scheduler.shutdownNow();
    }
}
