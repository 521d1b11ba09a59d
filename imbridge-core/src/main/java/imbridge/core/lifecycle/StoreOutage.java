package imbridge.core.lifecycle;

import imbridge.core.port.StoreUnavailableException;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Retry;
import imbridge.core.util.Waiter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a database that cannot take writes ({@link StoreUnavailableException}) into a pause of the work that needs
 * it, instead of a crash: the step is run again after a back-off until a run of it succeeds. A step that failed
 * this way stored nothing (its transaction was rolled back), and every step wrapped here resumes from what the
 * store holds, so running it again neither loses nor repeats anything.
 * <p>
 * One instance per bridge, shared by its loops, so an outage is told once: one WARN when it starts (with the work it
 * paused), one INFO per further kind of work it pauses, one INFO when a write succeeds again; never a line per
 * retry. {@link #current()} feeds the {@code imbridge_store_unavailable{kind}} gauge.
 */
public final class StoreOutage {
    private static final Logger log = LoggerFactory.getLogger(StoreOutage.class);

    /** Short at first (a lock held for a moment), capped so a freed disk is noticed within seconds. */
    public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15));

    /** One step of work that writes to the store. */
    @FunctionalInterface
    public interface StoreStep<T, E extends Exception> {
        T run() throws E, CancelledException;
    }

    private final Waiter waiter;
    private final Backoff backoff;
    private final Set<String> paused = new TreeSet<>();
    private StoreUnavailableException.Kind current;
    private long failedAttempts;

    public StoreOutage(Waiter waiter) {
        this(waiter, DEFAULT_BACKOFF);
    }

    public StoreOutage(Waiter waiter, Backoff backoff) {
        this.waiter = waiter;
        this.backoff = backoff;
    }

    /**
     * Runs {@code step}, and runs it again after a back-off each time the store is unavailable, until it completes
     * (returning its result) or throws anything else (which propagates unchanged).
     *
     * @param work what pauses, for the operator: {@code sync}, {@code backfill}, {@code live inbox} …
     */
    public <T, E extends Exception> T untilStored(String work, StoreStep<T, E> step, CancellationToken cancel)
            throws E, CancelledException {
        Retry retry = new Retry(backoff, Retry.UNLIMITED, waiter, cancel);
        while (true) {
            try {
                T result = step.run();
                if (retry.failures() > 0) {
                    resumed(work);
                }
                return result;
            } catch (StoreUnavailableException e) {
                retry.failed();
                paused(work, e);
                retry.pause(retry.delay(null));
            }
        }
    }

    /** Records that {@code work} found the store unavailable (for loops that wait on their own terms). */
    public synchronized void paused(String work, StoreUnavailableException e) {
        failedAttempts++;
        if (current == null) {
            current = e.kind();
            paused.add(work);
            log.warn("{}; paused: {} (retrying with back-off)", e.getMessage(), work);
        } else if (paused.add(work)) {
            log.info("database still unavailable ({}); paused too: {}", current.tag(), work);
        }
    }

    /** Records that {@code work} stored again after a pause; the first such write ends the outage. */
    public synchronized void resumed(String work) {
        if (current != null) {
            log.info(
                    "database writable again ({} cleared after {} failed attempt(s)); resumed: {}",
                    current.tag(),
                    failedAttempts,
                    work);
            current = null;
            failedAttempts = 0;
            paused.clear(); // the others were waiting on the same condition: their next attempt succeeds quietly
        }
    }

    /** The kind of the outage in progress, if any. */
    public synchronized Optional<StoreUnavailableException.Kind> current() {
        return Optional.ofNullable(current);
    }

    /** 1 while an outage of {@code kind} is in progress, else 0 (the gauge's value). */
    public synchronized double unavailable(StoreUnavailableException.Kind kind) {
        return current == kind ? 1 : 0;
    }
}
