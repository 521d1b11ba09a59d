package imbridge.sim.hs;

/** Faults the double can inject into Client-Server API calls. */
public enum FaultKind {
    /** 429 {@code M_LIMIT_EXCEEDED} with {@code retry_after_ms}; always before the request takes effect. */
    RATE_LIMIT,
    /** 502 with a proxy's non-Matrix body; before or after the request took effect. */
    BAD_GATEWAY,
    /** 503 {@code M_UNKNOWN}; before or after the request took effect. */
    UNAVAILABLE,
    /** The connection is closed without any response; before or after the request took effect. */
    DROP,
    /** The answer is delayed by {@link HsFaults#slowDelay()}, then the request is served normally. */
    SLOW;

    /** Whether this fault may also hit after the request took effect (the answer is what gets lost). */
    boolean canHitAfterEffect() {
        return this == BAD_GATEWAY || this == UNAVAILABLE || this == DROP;
    }
}
