package imbridge.core.port;

import java.util.Collection;
import java.util.Set;

/**
 * Durable memory of the appservice transactions and events the bridge has processed, so a
 * transaction the homeserver re-sends is not handled twice, across restarts of either side.
 * <p>
 * A transaction is identified by its ID <em>and</em> a digest of its event IDs: a homeserver that
 * restarted its counter at 1 sends new events under an old ID, which must not look like a replay.
 * Events are also remembered one by one, because a homeserver may re-send un-acknowledged events
 * under a new transaction ID after its own restart.
 */
public interface TransactionLog {

    /** Whether exactly this transaction (same ID, same events) was recorded as processed. */
    boolean isProcessed(String txnId, String eventsDigest);

    /** Of {@code eventIds}, those recorded as processed by any earlier transaction. */
    Set<String> processedEvents(Collection<String> eventIds);

    /** Records the transaction and its events as processed, atomically; recording twice is harmless. */
    void markProcessed(String txnId, String eventsDigest, Collection<String> eventIds);

    /** Forgets transactions and events recorded before {@code cutoffMs} (epoch ms); returns rows removed. */
    int forgetBefore(long cutoffMs);
}
