package imbridge.core.backfill;

import imbridge.core.model.MessageRow;
import imbridge.core.port.MatrixException;
import imbridge.core.util.CancelledException;
import java.util.List;

/**
 * Sends messages to a portal's room now, after whatever the room already has, recording their parts in the
 * message map without moving the backfill cursor (which then skips them). Used only where waiting for the
 * cursor would never deliver them: a live message older than the portal's checkpoint, and held messages
 * released by the stall watchdog.
 */
@FunctionalInterface
public interface OutOfOrderSender {
    void sendNow(String portalId, List<MessageRow> rows) throws MatrixException, CancelledException;
}
