package imbridge.core.attachment;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attachments given up per portal since that portal's last summary. Each one is logged at INFO as it happens; an
 * account with a broken asset store can give up thousands, so the operator gets one WARN per portal run with the
 * count instead of one per record.
 */
final class AbandonedTally {

    /** How many were given up, and the last error (usually the cause of them all). */
    record Summary(int count, String lastError) {}

    private final Map<String, Summary> byPortal = new ConcurrentHashMap<>();

    void add(String portalId, String error) {
        byPortal.merge(key(portalId), new Summary(1, error), (a, b) -> new Summary(a.count() + 1, b.lastError()));
    }

    /** The portal's tally since the last call, cleared; empty when nothing was given up. */
    Optional<Summary> drain(String portalId) {
        return Optional.ofNullable(byPortal.remove(key(portalId)));
    }

    private static String key(String portalId) {
        return portalId == null ? "" : portalId;
    }
}
