package imbridge.core.live;

import imbridge.core.lifecycle.StoreOutage;
import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveInbox;
import imbridge.core.port.LiveSource;
import imbridge.core.port.LiveSourceException;
import imbridge.core.port.StoreUnavailableException;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Retry;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live stream connected and writes every event to the durable inbox before the source gets
 * its acknowledgement, so a crash loses nothing. Runs from start-up, while the gate is still closed:
 * events are only stored here; the {@link LiveProcessor} handles them once the gate opens. A dropped
 * connection is re-established with capped exponential back-off.
 */
public final class LiveReceiver implements imbridge.core.lifecycle.Service, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveReceiver.class);
    /** What pauses while the database cannot take writes (for the operator's log line). */
    private static final String WORK = "live stream";

    private static final Backoff RECONNECT_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15));

    private final LiveSource source;
    private final LiveInbox inbox;
    private final Clock clock;
    private final Waiter waiter;
    private final Runnable onAppended;
    private final CancellationToken cancel;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    /** Once true: a connection delivered its backlog (re-deliveries and the reconnect window) into the inbox. */
    private volatile boolean backlogDelivered;

    private Thread thread;
    private final StoreOutage storeOutage;
    /** The last connection ended because the inbox refused an event: the next stored one ends the pause. */
    private volatile boolean storePaused;

    public LiveReceiver(
            LiveSource source,
            LiveInbox inbox,
            Clock clock,
            Waiter waiter,
            Runnable onAppended,
            CancellationToken cancel) {
        this(source, inbox, clock, waiter, onAppended, cancel, new StoreOutage(waiter));
    }

    /** @param storeOutage told when the inbox refuses an event (the event stays unacknowledged at the source) */
    public LiveReceiver(
            LiveSource source,
            LiveInbox inbox,
            Clock clock,
            Waiter waiter,
            Runnable onAppended,
            CancellationToken cancel,
            StoreOutage storeOutage) {
        this.storeOutage = storeOutage;
        this.source = source;
        this.inbox = inbox;
        this.clock = clock;
        this.waiter = waiter;
        this.onAppended = onAppended;
        this.cancel = cancel;
    }

    @Override
    public String name() {
        return "live-receiver";
    }

    @Override
    public synchronized void start() {
        thread = imbridge.core.lifecycle.Threads.startWorker(
                "live-receiver", imbridge.core.util.UrgentWrites.of(this::loop));
    }

    public long received() {
        return received.get();
    }

    /** Re-deliveries the inbox already had (absorbed by its idempotency). */
    public long duplicates() {
        return duplicates.get();
    }

    public long connections() {
        return connections.get();
    }

    /**
     * Whether a connection has delivered what the source held for us (the events not acknowledged before a restart
     * or disconnect come first): the source went idle, or sent an event newer than the connection. Until then
     * backfills must not start, or history could overtake a message still being re-delivered.
     */
    public boolean backlogDelivered() {
        return backlogDelivered;
    }

    private void loop() {
        Retry reconnect = new Retry(RECONNECT_BACKOFF, Retry.UNLIMITED, waiter, cancel);
        while (!cancel.isCancelled()) {
            try {
                connections.incrementAndGet();
                long connectedAt = clock.millis();
                source.stream(
                        new LiveSource.Handler() {
                            @Override
                            public void onEvent(LiveEvent event) {
                                boolean added = inbox.append(event, clock.millis());
                                if (storePaused) {
                                    storePaused = false;
                                    storeOutage.resumed(WORK);
                                }
                                if (added) {
                                    received.incrementAndGet();
                                    onAppended.run();
                                } else {
                                    duplicates.incrementAndGet();
                                }
                                if (!event.stored() && event.timestampMs() >= connectedAt) {
                                    backlogDelivered = true; // new traffic comes after the re-deliveries
                                }
                            }

                            @Override
                            public void onIdle() {
                                backlogDelivered = true;
                            }
                        },
                        cancel);
                reconnect.succeeded(); // a clean end (server restart): reconnect after the first back-off step
                if (!pauseBeforeReconnect(reconnect, "closed by the source")) {
                    return;
                }
            } catch (LiveSourceException | RuntimeException e) {
                if (cancel.isCancelled()) {
                    return;
                }
                reconnect.failed();
                StoreUnavailableException refused = storeRefusal(e);
                if (refused != null) {
                    // Told once per outage by StoreOutage, not once per reconnect; the source re-delivers the event.
                    storePaused = true;
                    storeOutage.paused(WORK, refused);
                    try {
                        reconnect.pause(reconnect.delay(null));
                        continue;
                    } catch (CancelledException c) {
                        return;
                    }
                }
                if (!pauseBeforeReconnect(reconnect, e.getMessage())) {
                    return;
                }
            }
        }
    }

    /** The database's refusal behind a failed connection (the source wraps the handler's exception), or null. */
    private static StoreUnavailableException storeRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException refused) {
                return refused;
            }
        }
        return null;
    }

    /** False when cancelled meanwhile. */
    private boolean pauseBeforeReconnect(Retry reconnect, String why) {
        if (cancel.isCancelled()) {
            return false;
        }
        Duration delay = reconnect.delay(null);
        log.warn("live stream disconnected ({}); reconnecting in {} ms", why, delay.toMillis());
        try {
            reconnect.pause(delay);
            return true;
        } catch (CancelledException c) {
            return false;
        }
    }

    /**
     * Ends the connection at once (an event not yet acknowledged is re-sent by the source on the next connection, and
     * the inbox absorbs the duplicate), waiting at most {@code grace} for the thread to leave.
     */
    @Override
    public void stop(java.time.Duration grace) {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(grace);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop(java.time.Duration.ofSeconds(5));
    }
}
