package imbridge.matrix;

/**
 * Remembers which appservice transaction IDs were fully processed, so a transaction the homeserver
 * re-sends (it did not see our 200) is acknowledged without being handled twice.
 */
public interface ProcessedTransactions {

    boolean contains(String txnId);

    void markProcessed(String txnId);
}
