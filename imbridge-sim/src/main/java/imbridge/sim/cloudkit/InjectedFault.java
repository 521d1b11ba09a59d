package imbridge.sim.cloudkit;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault served on a {@code changes/zone} request (or, for {@link Kind#ERROR}, on any planned operation).
 *
 * @param code              for {@link Kind#ERROR}: the error served; null otherwise
 * @param retryAfterSeconds for {@link Kind#ERROR}: the {@code retryAfter} hint, null for none
 * @param delay             for {@link Kind#SLOW_RESPONSE}: how long the answer is held back
 */
public record InjectedFault(Kind kind, ServerErrorCode code, Integer retryAfterSeconds, Duration delay) {

    /** How the request is answered. */
    public enum Kind {
        /** An error body with the code's HTTP status. */
        ERROR,
        /** HTTP 200, no records, the request's own token back and {@code moreComing: true}. */
        STALLED_TOKEN,
        /** HTTP 200 with the body cut short (invalid JSON). */
        TRUNCATED_JSON,
        /** The normal answer, held back for {@code delay}. */
        SLOW_RESPONSE
    }

    public InjectedFault {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.ERROR) != (code != null)) {
            throw new IllegalArgumentException("an ERROR fault needs a code, other kinds none: " + kind + "/" + code);
        }
        if ((kind == Kind.SLOW_RESPONSE) != (delay != null)) {
            throw new IllegalArgumentException("a SLOW_RESPONSE needs a delay, other kinds none");
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    public static InjectedFault error(ServerErrorCode code, Integer retryAfterSeconds) {
        return new InjectedFault(Kind.ERROR, Objects.requireNonNull(code, "code"), retryAfterSeconds, null);
    }

    public static InjectedFault stalledToken() {
        return new InjectedFault(Kind.STALLED_TOKEN, null, null, null);
    }

    public static InjectedFault truncatedJson() {
        return new InjectedFault(Kind.TRUNCATED_JSON, null, null, null);
    }

    public static InjectedFault slow(Duration delay) {
        return new InjectedFault(Kind.SLOW_RESPONSE, null, null, Objects.requireNonNull(delay, "delay"));
    }

    /** The key under which {@code /_sim/stats} counts it: the error code, or the kind's name. */
    public String label() {
        return kind == Kind.ERROR ? code.name() : kind.name();
    }

    /** Whether the client gets no usable page (a slow answer is still a good one). */
    public boolean failsRequest() {
        return kind != Kind.SLOW_RESPONSE;
    }
}
