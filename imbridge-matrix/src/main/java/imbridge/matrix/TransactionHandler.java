package imbridge.matrix;

import java.util.List;
import java.util.Map;

/**
 * Receives the events of one appservice transaction. The homeserver gets its 200 only after this
 * returns, so throwing makes the homeserver retry the whole transaction later.
 */
@FunctionalInterface
public interface TransactionHandler {

    void onTransaction(String txnId, List<Map<String, Object>> events) throws Exception;
}
