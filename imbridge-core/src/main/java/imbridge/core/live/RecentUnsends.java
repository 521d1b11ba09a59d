package imbridge.core.live;

import imbridge.core.model.Guids;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Messages unsent in the last few minutes (behaviour.md §7.3 check 1): a late copy of one is dropped. */
public final class RecentUnsends {
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Map<String, Long> unsentAt = new ConcurrentHashMap<>();
    private final Clock clock;

    public RecentUnsends(Clock clock) {
        this.clock = clock;
    }

    public void record(String guid) {
        unsentAt.put(Guids.normalize(guid), clock.millis());
        long cutoff = clock.millis() - WINDOW.toMillis();
        unsentAt.values().removeIf(at -> at < cutoff);
    }

    public boolean contains(String guid) {
        Long at = unsentAt.get(Guids.normalize(guid));
        return at != null && clock.millis() - at < WINDOW.toMillis();
    }
}
