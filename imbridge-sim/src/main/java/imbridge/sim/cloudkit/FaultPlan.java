package imbridge.sim.cloudkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Errors to answer instead of serving the next requests of a kind, in the order they were planned. Lets a
 * client's retry handling be tested against real HTTP (e.g. THROTTLED with retryAfter, ZONE_BUSY).
 */
public final class FaultPlan {

    /** The kinds of request a fault can hit. */
    public enum Operation { CHANGES, LOOKUP, ZONES_LIST, ASSET }

    private record Fault(ServerErrorCode code, Integer retryAfterSeconds) {
    }

    private final Map<Operation, Deque<Fault>> pending = new EnumMap<>(Operation.class);
    private final SimStats stats;

    FaultPlan(SimStats stats) {
        this.stats = stats;
    }

    /**
     * The next {@code times} requests of {@code operation} fail with {@code code}.
     *
     * @param retryAfterSeconds sent as {@code retryAfter}; null means "do not retry"
     */
    public synchronized void failNext(Operation operation, int times, ServerErrorCode code, Integer retryAfterSeconds) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(code, "code");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1: " + times);
        }
        Deque<Fault> queue = pending.computeIfAbsent(operation, op -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.addLast(new Fault(code, retryAfterSeconds));
        }
    }

    public synchronized void clear() {
        pending.clear();
    }

    /** Throws the next planned fault for {@code operation}, if any. */
    void check(Operation operation) {
        Fault fault;
        synchronized (this) {
            Deque<Fault> queue = pending.get(operation);
            fault = queue == null ? null : queue.pollFirst();
        }
        if (fault != null) {
            stats.faultInjected();
            throw new CloudKitException(fault.code(), "injected fault: " + fault.code(), fault.retryAfterSeconds());
        }
    }
}
