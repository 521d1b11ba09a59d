package imbridge.core.attachment;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attachment ledger as the pipeline uses it: failure rows held in memory (loaded once), uploaded contents read
 * one record at a time (a million-message account has a hundred thousand uploads), and the rule that turns a failure
 * count into "abandoned".
 */
final class LedgerAccess {
    private static final Logger log = LoggerFactory.getLogger(LedgerAccess.class);

    private final AttachmentLedger ledger;
    private final int maxAttempts;
    private final Clock clock;
    private final Map<String, AttachmentFailure> failures = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    LedgerAccess(AttachmentLedger ledger, int maxAttempts, Clock clock) {
        this.ledger = ledger;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    /** Loads the persisted failure rows (once; every other method does it first). */
    void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (!loaded) {
                failures.putAll(ledger.failures());
                loaded = true;
                log.info("attachment pipeline: {} failure rows loaded", failures.size());
            }
        }
    }

    Optional<AttachmentContent> cached(String recordName) {
        return ledger.cachedContent(recordName);
    }

    /** The stored failure row when its count has reached the cap (no download is tried any more), else empty. */
    Optional<AttachmentFailure> exhausted(String recordName) {
        load();
        AttachmentFailure f = failures.get(recordName);
        return f != null && f.retries() >= maxAttempts ? Optional.of(f) : Optional.empty();
    }

    boolean isAbandoned(String recordName) {
        return exhausted(recordName).isPresent() && cached(recordName).isEmpty();
    }

    boolean hasRetryableFailure(Iterable<String> recordNames) {
        load();
        for (String name : recordNames) {
            AttachmentFailure f = failures.get(name);
            if (f != null && f.retries() < maxAttempts && cached(name).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Caches the content and clears an earlier failure row. */
    void succeeded(String recordName, AttachmentContent content) {
        ledger.saveContent(recordName, content);
        if (failures.remove(recordName) != null) {
            ledger.clearFailure(recordName);
            log.info("attachment record={} succeeded after earlier failures", recordName);
        }
    }

    /** Persists a failed attempt; returns the stored count including it. */
    int failed(String recordName, String error) {
        int retries = ledger.recordFailure(recordName, error);
        failures.put(recordName, new AttachmentFailure(recordName, retries, error, clock.millis()));
        return retries;
    }
}
