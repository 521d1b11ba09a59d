package imbridge.sim.cloudkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The simulator's APNs stand-in: numbers live events, keeps them until acknowledged, re-sends the reconnect window's
 * acknowledged events as {@code stored} on every (re)connect, runs the {@link LiveGenerator}'s plan on the injected
 * clock, accepts the owner's sends, and writes every live message to CloudKit as Apple does. One connection at a
 * time: a new one closes the old. All state is guarded by this object's monitor; a ticker advances the plan.
 * <p>Long (over 400 lines) because the stream, the owner's sends, the scripted phase and the inspection views share
 * that one monitor and its state (sequence numbers, acknowledgements, push times); split, they would need a lock
 * protocol of their own.
 */
public final class LiveFeed implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration ECHO_DELAY = Duration.ofMillis(300);
    static final Duration SENT_WRITE_DELAY = Duration.ofSeconds(2);
    static final Duration NEW_CHAT_DELAY = Duration.ofSeconds(1);
    /** History ends before this (the generator's timeline, plus its late arrivals): live "now" never precedes it. */
    static final long HISTORY_END_MS = GroundTruth.unixMillis(Timeline.SPAN_START_NS + Timeline.SPAN_NS)
            + Duration.ofDays(1).toMillis();

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final long TICK_MS = 20;

    /** One event as numbered by the feed. */
    private record Emitted(long seq, Instant at, LiveEventData data) {
    }

    /** A timed change; {@code scripted} ones count towards the phase being complete. */
    private record Action(Instant due, long order, boolean scripted, Consumer<Instant> run) {
    }

    /** One stream connection's cursor; replaced (closed) by the next connection. */
    final class Connection {
        private final long id;
        private final Deque<Emitted> stored = new ArrayDeque<>();
        private long cursor;
        private boolean closed;
        private long lastLineNanos = System.nanoTime();

        private Connection(long id) {
            this.id = id;
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
    private final SplitMix64 dropRnd;
    private final SplitMix64 sendRnd;
    private final ScheduledExecutorService ticker;

    private final List<Emitted> events = new ArrayList<>();
    private final PriorityQueue<Action> actions = new PriorityQueue<>(
            Comparator.comparing(Action::due).thenComparingLong(Action::order));
    private final Map<LiveKind, Long> byKind = new EnumMap<>(LiveKind.class);
    private final List<LiveTruth.Drop> drops = new ArrayList<>();
    private final List<LiveTruth.Sent> sent = new ArrayList<>();
    private final List<LiveMessage> messages = new ArrayList<>();
    private final Map<String, String> liveChats = new LinkedHashMap<>(); // brand-new DMs: portal ID -> chat ID
    /** Message GUID -> {@link System#nanoTime()} when its event was first written to a stream connection. */
    private final Map<String, Long> messagePushNanos = new HashMap<>();
    private final Map<String, String> portalOfMessage = new HashMap<>();
    /** While true the generated live phase waits for {@link #releaseScript()} instead of starting on the first connect. */
    private boolean scriptHeld;
    private long actionOrder;
    private int scriptedPending;
    private Instant anchor;
    private long liveBaseMs;
    private boolean scriptStarted;
    private long ackedUpTo;
    private Connection current;
    private long connections;
    private long highestSent;
    private int freshSinceDrop;
    private int nextDropAfter;
    private boolean closed;

    LiveFeed(SimConfig config, Dataset dataset, LiveAssets assets, Function<String, String> downloadUrl,
             SimStats stats) {
        this.config = config;
        this.dataset = dataset;
        this.clock = config.clock();
        this.assets = assets;
        this.downloadUrl = downloadUrl;
        this.stats = stats;
        SplitMix64 root = new SplitMix64(dataset.seed());
        this.dropRnd = root.fork("live-drops");
        this.sendRnd = root.fork("live-sends");
        this.nextDropAfter = dropRnd.nextInt(25, 60);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "live-feed-ticker");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
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
        Instant now = clock.instant();
        boolean changed = false;
        while (!actions.isEmpty() && !actions.peek().due().isAfter(now)) {
            Action action = actions.poll();
            action.run().accept(action.due());
            if (action.scripted()) {
                scriptedPending--;
            }
            changed = true;
        }
        if (changed) {
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
        ensureAnchor();
        startScript();
        Instant now = clock.instant();
        Instant windowStart = now.minus(config.reconnectWindow());
        Connection connection = new Connection(++connections);
        for (Emitted e : events) {
            if (e.seq() <= ackedUpTo && !e.at().isBefore(windowStart)) {
                connection.stored.add(e);
            }
        }
        connection.cursor = ackedUpTo + 1;
        current = connection;
        notifyAll();
        log.info("live stream connection {} accepted: {} stored, {} unacknowledged", connection.id,
                connection.stored.size(), events.size() - ackedUpTo);
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
                Emitted e = connection.stored.poll();
                return line(connection, e, true);
            }
            if (connection.cursor <= events.size()) {
                Emitted e = events.get((int) connection.cursor - 1);
                boolean fresh = e.seq() > highestSent;
                if (fresh && config.injects(FaultFamily.LIVE) && freshSinceDrop >= nextDropAfter) {
                    freshSinceDrop = 0;
                    nextDropAfter = dropRnd.nextInt(25, 60);
                    stats.faultInjected("LIVE_DROP");
                    log.info("live stream connection {} dropped (injected fault) before seq {}", connection.id,
                            e.seq());
                    disconnected(connection);
                    return null;
                }
                connection.cursor++;
                if (fresh) {
                    highestSent = e.seq();
                    freshSinceDrop++;
                    if (e.data().kind() == LiveKind.MESSAGE && e.data().guid() != null) {
                        messagePushNanos.putIfAbsent(e.data().guid(), System.nanoTime());
                    }
                }
                return line(connection, e, false);
            }
            long waitNanos = connection.lastLineNanos + HEARTBEAT.toNanos() - System.nanoTime();
            if (waitNanos <= 0) {
                connection.lastLineNanos = System.nanoTime();
                return LiveEventJson.PING;
            }
            TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
        }
    }

    private byte[] line(Connection connection, Emitted e, boolean stored) {
        connection.lastLineNanos = System.nanoTime();
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
        if (seq < 0 || seq > events.size()) {
            throw new IllegalArgumentException("seq " + seq + " was never emitted (last seq " + events.size() + ")");
        }
        ackedUpTo = Math.max(ackedUpTo, seq);
    }

    // ---- sends --------------------------------------------------------------------------------------------------

    /** What the owner sent from Matrix: a text, or a file with its bytes. */
    record Outgoing(String text, String filename, String mimeType, byte[] data) {
    }

    /**
     * Sends {@code message} as the owner to {@code to} ({@code tel:…}, {@code mailto:…} or {@code gid:<uuid>}):
     * echoed on the stream after {@link #ECHO_DELAY}, written to CloudKit after {@link #SENT_WRITE_DELAY}.
     *
     * @return the message's upper-case GUID
     * @throws java.util.NoSuchElementException when no conversation has that portal ID
     */
    synchronized String send(String to, Outgoing message) {
        pump();
        ensureAnchor();
        String portalId = normalizeTarget(to);
        String chatId = knownChats().get(portalId);
        if (chatId == null) {
            throw new java.util.NoSuchElementException("no conversation " + to);
        }
        Instant now = clock.instant();
        String guid = sendRnd.nextUuid().toString().toUpperCase(Locale.ROOT);
        List<AttachmentRecord> attachments = List.of();
        if (message.data() != null) {
            String recordName = sendRnd.nextHex128();
            AttachmentRecord record = new AttachmentRecord(recordName,
                    "at_0_" + sendRnd.nextUuid().toString().toUpperCase(Locale.ROOT), message.mimeType(),
                    utiOf(message.mimeType()), message.filename(), message.data().length,
                    AssetBytes.sha256Hex(message.data()));
            assets.addUploaded(record, message.data());
            attachments = List.of(record);
        }
        LiveMessage live = new LiveMessage(LiveMessage.Origin.SENT, guid, sendRnd.nextHex128(), portalId, chatId,
                Dataset.OWNER_HANDLES.getFirst(), true, liveTs(now), message.text(), null, attachments, null, null,
                null, null);
        sent.add(new LiveTruth.Sent(live.guid, portalId, message.text(), message.filename()));
        schedule(now.plus(ECHO_DELAY), false, at -> emitMessage(live, live.event(List.of(), null), at, null));
        schedule(now.plus(SENT_WRITE_DELAY), false, at -> write(live, at, false));
        return live.guid;
    }

    private static String normalizeTarget(String to) {
        if (to.regionMatches(true, 0, "gid:", 0, 4)) {
            return "gid:" + to.substring(4).toLowerCase(Locale.ROOT);
        }
        return HandleNormalizer.normalize(to);
    }

    /** Portal ID to the chat ID messages of that conversation carry. */
    private Map<String, String> knownChats() {
        Map<String, String> chats = new HashMap<>();
        for (ChatRecord chat : dataset.chats()) {
            if (chat.isGroup() && chat.gid() != null) {
                chats.put("gid:" + chat.gid().toLowerCase(Locale.ROOT), chat.gid());
            } else if (!chat.isGroup() && chat.participants().size() == 1) {
                chats.put(HandleNormalizer.normalize(chat.participants().getFirst()), chat.cid());
            }
        }
        for (Conversation conversation : dataset.conversations()) {
            chats.put(conversation.portalId(), conversation.chatId());
        }
        chats.putAll(liveChats);
        return chats;
    }

    private static String utiOf(String mime) {
        return switch (mime == null ? "" : mime.toLowerCase(Locale.ROOT)) {
            case "image/jpeg" -> "public.jpeg";
            case "image/png" -> "public.png";
            case "image/gif" -> "com.compuserve.gif";
            case "video/mp4" -> "public.mpeg-4";
            case "application/pdf" -> "com.adobe.pdf";
            case "text/plain" -> "public.plain-text";
            default -> "public.data";
        };
    }

    // ---- the live phase -------------------------------------------------------------------------------------------

    /** Live timestamps: the injected clock, moved forward if needed so live traffic is newer than all history. */
    private void ensureAnchor() {
        if (anchor != null) {
            return;
        }
        anchor = clock.instant();
        long newest = HISTORY_END_MS;
        for (MessageRecord message : dataset.messages()) {
            long ts = GroundTruth.unixMillis(message.timeNs());
            if (ts < Long.MAX_VALUE - 60_000) {
                newest = Math.max(newest, ts + 60_000);
            }
        }
        liveBaseMs = Math.max(anchor.toEpochMilli(), newest);
    }

    private long liveTs(Instant at) {
        return liveBaseMs + Duration.between(anchor, at).toMillis();
    }

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
        if (anchor != null && !closed) {
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
        List<LiveScriptItem> plan = LiveGenerator.plan(dataset, liveTs(start), config.liveEventCount(),
                config.liveRate());
        for (LiveScriptItem item : plan) {
            if (item.message() != null && item.event().kind() == LiveKind.MESSAGE) {
                item.message().attachments.forEach(assets::addGenerated);
            }
            if (item.cloudKitAtMs() >= 0) {
                Instant at = start.plusMillis(item.cloudKitAtMs());
                if (item.chatUpdate() != null) {
                    schedule(at, true, due -> dataset.append(item.chatUpdate()));
                } else {
                    schedule(at, true, due -> write(item.message(), due, true));
                }
            }
            schedule(start.plusMillis(item.offsetMs()), true, due -> emit(item, due));
        }
        log.info("live phase started: {} events over {}", plan.size(), config.liveDuration());
    }

    private void schedule(Instant due, boolean scripted, Consumer<Instant> run) {
        actions.add(new Action(due, actionOrder++, scripted, run));
        if (scripted) {
            scriptedPending++;
        }
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
            default -> {
            }
        }
        append(item.event(), at);
    }

    private void emitMessage(LiveMessage message, LiveEventData event, Instant at, String dropReason) {
        message.emitted = true;
        messages.add(message);
        portalOfMessage.put(message.guid, message.portalId);
        if (message.newChat != null) {
            liveChats.put(message.portalId, message.chatId);
        }
        long seq = append(event, at);
        if (dropReason != null) {
            drops.add(new LiveTruth.Drop(seq, message.guid, message.portalId, dropReason));
        }
    }

    private long append(LiveEventData event, Instant at) {
        long seq = events.size() + 1L;
        events.add(new Emitted(seq, at, event));
        byKind.merge(event.kind(), 1L, Long::sum);
        return seq;
    }

    /** Writes a live message's CloudKit copy (its attachments first; a brand-new DM's chat record a bit later). */
    private void write(LiveMessage message, Instant at, boolean scripted) {
        for (AttachmentRecord attachment : message.attachments) {
            dataset.append(attachment);
        }
        dataset.append(message.toRecord());
        message.written = true;
        if (message.newChat != null) {
            schedule(at.plus(NEW_CHAT_DELAY), scripted, due -> dataset.append(message.newChat));
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
        Map<String, Long> kinds = new LinkedHashMap<>();
        byKind.forEach((kind, n) -> kinds.put(kind.name(), n));
        List<LiveTruth.Message> copies = new ArrayList<>(messages.size());
        for (LiveMessage m : messages) {
            copies.add(new LiveTruth.Message(m.origin, m.guid, m.portalId, m.ts, m.sender, m.fromMe, m.text,
                    m.subject, m.attachments, m.isTapback(), m.edited, m.unsent));
        }
        boolean enabled = config.liveEventCount() > 0;
        return new LiveTruth.View(enabled, !enabled || scriptStarted && scriptedPending == 0, events.size(), kinds,
                events.size(), List.copyOf(drops), List.copyOf(sent), copies);
    }

    /**
     * When each live message was pushed: the {@link System#nanoTime()} at which its event was first
     * written to a stream connection (a message emitted while no client was connected counts from its first write,
     * so reconnect back-off is not charged to the receiver). For latency reports in the same process.
     */
    public synchronized List<MessagePush> messagePushes() {
        List<MessagePush> out = new ArrayList<>(messagePushNanos.size());
        messagePushNanos.forEach((guid, nanos) -> out.add(new MessagePush(guid, portalOfMessage.get(guid), nanos)));
        return out;
    }

    /** A live message pushed on the stream: its GUID, its conversation's portal ID, {@link System#nanoTime()}. */
    public record MessagePush(String guid, String portalId, long pushedNanos) {
    }

    public synchronized long connections() {
        return connections;
    }

    public synchronized long eventsEmitted() {
        return events.size();
    }

    public synchronized long acked() {
        return ackedUpTo;
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
        ticker.shutdownNow();
    }
}
