package imbridge.matrix;

import imbridge.core.port.TransactionLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which events of an appservice transaction are new, over a {@link TransactionLog}.
 * <ul>
 *   <li>A transaction is known by (txnId, SHA-256 of its event IDs): a homeserver that restarted its
 *       counter sends new events under an old txnId, and those are not a replay.</li>
 *   <li>Events are also known one by one: a homeserver may re-send un-acknowledged events under a
 *       new txnId after its restart, and those are not new.</li>
 * </ul>
 * Old entries are forgotten after {@code retention}, checked at most once an hour.
 */
final class TransactionDeduplicator {
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    private static final Duration FORGET_INTERVAL = Duration.ofHours(1);

    private final TransactionLog log;
    private final Clock clock;
    private final Duration retention;
    private long nextForget;

    TransactionDeduplicator(TransactionLog log, Clock clock, Duration retention) {
        this.log = log;
        this.clock = clock;
        this.retention = retention;
    }

    /** One transaction's view: whether it is a replay, and its events not seen before (first copy of each). */
    record Verdict(String digest, List<String> eventIds, boolean replay, List<Map<String, Object>> fresh) {}

    Verdict examine(String txnId, List<Map<String, Object>> events) {
        List<String> ids = new ArrayList<>(events.size());
        for (Map<String, Object> event : events) {
            ids.add((String) event.get("event_id"));
        }
        String digest = digest(ids);
        if (log.isProcessed(txnId, digest)) {
            return new Verdict(digest, ids, true, List.of());
        }
        Set<String> seen = log.processedEvents(ids);
        Map<String, Map<String, Object>> fresh = new LinkedHashMap<>();
        for (Map<String, Object> event : events) {
            String id = (String) event.get("event_id");
            if (!seen.contains(id)) {
                fresh.putIfAbsent(id, event);
            }
        }
        return new Verdict(digest, ids, false, List.copyOf(fresh.values()));
    }

    void markProcessed(String txnId, Verdict verdict) {
        log.markProcessed(txnId, verdict.digest(), verdict.eventIds());
        long now = clock.millis();
        if (now >= nextForget) {
            nextForget = now + FORGET_INTERVAL.toMillis();
            log.forgetBefore(now - retention.toMillis());
        }
    }

    static String digest(List<String> eventIds) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : eventIds) {
                sha.update(id.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
