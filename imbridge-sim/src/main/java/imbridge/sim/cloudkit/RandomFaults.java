package imbridge.sim.cloudkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link FaultFamily#CLOUDKIT} faults: whether the n-th {@code changes/zone} request on a zone gets a fault,
 * and which, is a pure function of (seed, zone, n), never of the wall clock, so a run is reproducible.
 *
 * <p>Guarantees a client can rely on:
 * <ul>
 *   <li>at most {@link #MAX_CONSECUTIVE_FAILURES} requests in a row on one zone fail (planned faults included),
 *       so a client that tries each page 3 times always gets through;</li>
 *   <li>CHANGE_TOKEN_EXPIRED only hits requests that carry a token, at most once per zone per simulator.</li>
 * </ul>
 */
final class RandomFaults {

    static final int MAX_CONSECUTIVE_FAILURES = 2;
    static final long SLOW_MIN_MS = 200;
    static final long SLOW_MAX_MS = 800;

    /** Chosen uniformly once a request is picked for a fault. */
    private static final List<InjectedFault> MENU = List.of(
            InjectedFault.error(ServerErrorCode.INTERNAL_ERROR, null),
            InjectedFault.error(ServerErrorCode.TRY_AGAIN_LATER, null),
            InjectedFault.error(ServerErrorCode.THROTTLED, 1),
            InjectedFault.error(ServerErrorCode.ZONE_BUSY, 1),
            InjectedFault.error(ServerErrorCode.CHANGE_TOKEN_EXPIRED, null),
            InjectedFault.stalledToken(),
            InjectedFault.truncatedJson(),
            InjectedFault.slow(Duration.ZERO));

    private static final class ZoneState {
        long requests;
        int consecutiveFailures;
        boolean tokenExpired;
    }

    private final long seed;
    private final double rate;
    private final boolean enabled;
    private final Map<String, ZoneState> zones = new HashMap<>();

    RandomFaults(long seed, double rate, boolean enabled) {
        this.seed = seed;
        this.rate = rate;
        this.enabled = enabled;
    }

    /**
     * Decides the fault of the next request on {@code zone}: the planned one if any, else (when enabled) a
     * random one. Every request passes here, faulted or not, so the per-zone sequence stays exact.
     */
    synchronized Optional<InjectedFault> next(String zone, boolean carriesToken, Optional<InjectedFault> planned) {
        ZoneState state = zones.computeIfAbsent(zone, z -> new ZoneState());
        long n = ++state.requests;
        InjectedFault fault = planned.orElseGet(() -> enabled && state.consecutiveFailures < MAX_CONSECUTIVE_FAILURES
                ? draw(zone, n, carriesToken, state)
                : null);
        if (fault != null && fault.code() == ServerErrorCode.CHANGE_TOKEN_EXPIRED) {
            state.tokenExpired = true;
        }
        state.consecutiveFailures = fault != null && fault.failsRequest() ? state.consecutiveFailures + 1 : 0;
        return Optional.ofNullable(fault);
    }

    private InjectedFault draw(String zone, long n, boolean carriesToken, ZoneState state) {
        long h = SplitMix64.mix(seed ^ SplitMix64.mix(fnv1a64(zone) + n));
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= rate) {
            return null;
        }
        long choice = SplitMix64.mix(h);
        InjectedFault fault = MENU.get((int) Long.remainderUnsigned(choice, MENU.size()));
        if (fault.code() == ServerErrorCode.CHANGE_TOKEN_EXPIRED && (!carriesToken || state.tokenExpired)) {
            return InjectedFault.error(ServerErrorCode.TRY_AGAIN_LATER, null);
        }
        if (fault.kind() == InjectedFault.Kind.SLOW_RESPONSE) {
            long ms = SLOW_MIN_MS + Long.remainderUnsigned(SplitMix64.mix(choice), SLOW_MAX_MS - SLOW_MIN_MS + 1);
            return InjectedFault.slow(Duration.ofMillis(ms));
        }
        return fault;
    }

    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
