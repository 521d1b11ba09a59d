package imbridge.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.port.MatrixInbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's {@link TransactionHandler}: queues the events the {@link MatrixEventRouter} wants into the
 * durable {@link MatrixInbox}, in one database transaction, and returns, so the homeserver gets its 200 only
 * once they are stored. Echoes of what the bot and ghosts sent are not queued. Appending is idempotent by
 * event ID, so a transaction handled again after a crash queues nothing twice.
 */
public final class MatrixInboxAppender implements TransactionHandler {
    private static final Logger log = LoggerFactory.getLogger(MatrixInboxAppender.class);

    private final MatrixInbox inbox;
    private final MatrixEventRouter router;
    private final Runnable onAppended;
    private final ObjectMapper json = new ObjectMapper();

    /** @param onAppended called after new events were queued (wakes the worker) */
    public MatrixInboxAppender(MatrixInbox inbox, MatrixEventRouter router, Runnable onAppended) {
        this.inbox = inbox;
        this.router = router;
        this.onAppended = onAppended;
    }

    @Override
    public boolean wants(Map<String, Object> event) {
        return router.wants(event);
    }

    @Override
    public void onTransaction(String txnId, List<Map<String, Object>> events) throws JsonProcessingException {
        List<MatrixInbox.NewEvent> wanted = new ArrayList<>();
        for (Map<String, Object> event : events) {
            if (router.wants(event)) {
                wanted.add(new MatrixInbox.NewEvent(
                        (String) event.get("event_id"), (String) event.get("room_id"), json.writeValueAsString(event)));
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        int added = inbox.append(wanted);
        log.debug(
                "Transaction {}: queued {} of {} events ({} already queued)",
                txnId,
                added,
                events.size(),
                wanted.size() - added);
        if (added > 0) {
            onAppended.run();
        }
    }
}
