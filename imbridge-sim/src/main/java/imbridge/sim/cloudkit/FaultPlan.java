package imbridge.sim.cloudkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Faults to serve instead of the next requests of a kind, in the order they were planned. Lets a client's
 * handling of each fault be tested against real HTTP (THROTTLED with retryAfter, ZONE_BUSY, CHANGE_TOKEN_EXPIRED,
 * a stalled token, truncated JSON, slow answers). Planned faults come before any random ones.
 */
public final class FaultPlan {

    /** The kinds of request a fault can hit. */
    public enum Operation {
        CHANGES,
        LOOKUP,
        ZONES_LIST,
        ASSET
    }

    private final Map<Operation, Deque<InjectedFault>> pending = new EnumMap<>(Operation.class);
    private final SimStats stats;

    FaultPlan(SimStats stats) {
        this.stats = stats;
    }

    /**
     * The next {@code times} requests of {@code operation} fail with {@code code}.
     *
     * @param retryAfterSeconds sent as {@code retryAfter}; null sends none
     */
    public void failNext(Operation operation, int times, ServerErrorCode code, Integer retryAfterSeconds) {
        plan(operation, times, InjectedFault.error(code, retryAfterSeconds));
    }

    /** The next {@code times} {@code changes/zone} requests get their own token back with no records. */
    public void stallNext(int times) {
        plan(Operation.CHANGES, times, InjectedFault.stalledToken());
    }

    /** The next {@code times} {@code changes/zone} requests get HTTP 200 with a body cut in half. */
    public void truncateNext(int times) {
        plan(Operation.CHANGES, times, InjectedFault.truncatedJson());
    }

    /** The next {@code times} {@code changes/zone} requests are answered normally after {@code delay}. */
    public void slowNext(int times, Duration delay) {
        plan(Operation.CHANGES, times, InjectedFault.slow(delay));
    }

    public synchronized void clear() {
        pending.clear();
    }

    private synchronized void plan(Operation operation, int times, InjectedFault fault) {
        Objects.requireNonNull(operation, "operation");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1: " + times);
        }
        if (fault.kind() != InjectedFault.Kind.ERROR && operation != Operation.CHANGES) {
            throw new IllegalArgumentException(fault.kind() + " faults exist only on changes/zone");
        }
        Deque<InjectedFault> queue = pending.computeIfAbsent(operation, op -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.addLast(fault);
        }
    }

    /** Takes the next planned fault for {@code operation}, if any (not yet counted as injected). */
    synchronized Optional<InjectedFault> poll(Operation operation) {
        Deque<InjectedFault> queue = pending.get(operation);
        return Optional.ofNullable(queue == null ? null : queue.pollFirst());
    }

    /** Throws the next planned error for an operation that only knows errors (lookup, zones/list, assets). */
    void check(Operation operation) {
        Optional<InjectedFault> fault = poll(operation);
        if (fault.isPresent()) {
            stats.faultInjected(fault.get().label());
            throw new CloudKitException(
                    fault.get().code(),
                    "injected fault: " + fault.get().code(),
                    fault.get().retryAfterSeconds());
        }
    }
}
