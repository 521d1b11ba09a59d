package imbridge.matrix;

import java.util.List;
import java.util.Map;

/**
 * Receives the new events of one appservice transaction (those not processed before, first copy of
 * each, in transaction order). The homeserver gets its 200 only after this returns and the transaction
 * is recorded, so this must return only once the events are durably queued (or fully handled);
 * throwing makes the homeserver retry the whole transaction later.
 * <p>
 * If the process dies between this returning and the transaction being recorded, the same events
 * come again: queue them idempotently, keyed by {@code event_id}.
 */
@FunctionalInterface
public interface TransactionHandler {

    void onTransaction(String txnId, List<Map<String, Object>> events) throws Exception;

    /**
     * Whether the event could make {@link #onTransaction} do anything. A transaction with none such (the echoes of
     * what the bridge sent itself, most of the traffic during a backfill) is acknowledged without being recorded:
     * handling it again would do nothing either.
     */
    default boolean wants(Map<String, Object> event) {
        return true;
    }
}
