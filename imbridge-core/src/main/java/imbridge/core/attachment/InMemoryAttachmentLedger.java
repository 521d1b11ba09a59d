package imbridge.core.attachment;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A ledger that forgets everything on restart: for tests and tools without a database. */
public final class InMemoryAttachmentLedger implements AttachmentLedger {
    private final Clock clock;
    private final Map<String, AttachmentContent> cache = new HashMap<>();
    private final Map<String, AttachmentFailure> failures = new HashMap<>();

    public InMemoryAttachmentLedger(Clock clock) {
        this.clock = clock;
    }

    public InMemoryAttachmentLedger() {
        this(Clock.systemUTC());
    }

    @Override
    public synchronized Map<String, AttachmentContent> cachedContents() {
        return Map.copyOf(cache);
    }

    @Override
    public synchronized java.util.Optional<AttachmentContent> cachedContent(String recordName) {
        return java.util.Optional.ofNullable(cache.get(recordName));
    }

    @Override
    public synchronized void saveContent(String recordName, AttachmentContent content) {
        cache.put(recordName, content);
    }

    @Override
    public synchronized Map<String, AttachmentFailure> failures() {
        return Map.copyOf(failures);
    }

    @Override
    public synchronized int recordFailure(String recordName, String error) {
        AttachmentFailure old = failures.get(recordName);
        int retries = old == null ? 1 : old.retries() + 1;
        failures.put(recordName, new AttachmentFailure(recordName, retries, error, clock.millis()));
        return retries;
    }

    @Override
    public synchronized void clearFailure(String recordName) {
        failures.remove(recordName);
    }
}
