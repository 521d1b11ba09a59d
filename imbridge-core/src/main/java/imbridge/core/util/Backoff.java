package imbridge.core.util;

import java.time.Duration;

/** Exponential back-off with a cap; a server hint replaces the computed delay but is capped too. */
public record Backoff(Duration initial, Duration max) {

    public Duration delay(int attempt, Duration serverHint) {
        Duration computed = initial.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 30));
        Duration chosen = serverHint != null ? serverHint : computed;
        return chosen.compareTo(max) > 0 ? max : chosen;
    }
}
