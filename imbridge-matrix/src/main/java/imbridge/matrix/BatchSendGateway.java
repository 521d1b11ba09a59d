package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.PartKey;
import imbridge.core.port.BatchSender;
import imbridge.core.port.MatrixException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link BatchSender} through Beeper's {@code batch_send} (behaviour.md §BF6.7), offered when the handshake found
 * {@value HomeserverCapabilities#BATCH_SENDING}: one request as the bot per batch, every event with a deterministic
 * event ID, so a batch resent after an unclear failure does not duplicate anything.
 */
public final class BatchSendGateway implements BatchSender {
    private static final String BATCH_SEND = "/_matrix/client/unstable/com.beeper.backfill/rooms/";

    private final AppserviceSession session;
    private final GhostMembers members;
    private final String idServer;

    BatchSendGateway(AppserviceSession session, GhostMembers members) {
        this.session = session;
        this.members = members;
        this.idServer = DeterministicEventIds.idServer(session.cfg().domain());
    }

    @Override
    public boolean batchSendingSupported() {
        HomeserverCapabilities caps = session.capabilities();
        return caps != null && caps.batchSending();
    }

    @Override
    public int maxBatchItems() {
        return session.cfg().maxBatchEvents();
    }

    @Override
    public String eventIdFor(String roomId, PartKey key) {
        return DeterministicEventIds.of(roomId, key, idServer);
    }

    /**
     * One Beeper {@code batch_send} request as the bot (behaviour.md §BF6.7). Senders' ghosts are
     * registered (with display names) but not joined; the owner's parts name the owner's account as sender when
     * double puppeting is on. Returns the deterministic event IDs.
     */
    @Override
    public List<String> sendBatch(String roomId, List<BatchItem> items, boolean forward) throws MatrixException {
        session.checkOpen();
        if (!batchSendingSupported()) {
            throw new IllegalStateException("the homeserver does not advertise " + HomeserverCapabilities.BATCH_SENDING
                    + " (or start() has not run); send parts one by one instead");
        }
        int max = maxBatchItems();
        if (items.size() > max) {
            throw new IllegalArgumentException("a batch holds at most " + max + " items, got " + items.size());
        }
        if (items.isEmpty()) {
            return List.of();
        }
        List<String> eventIds = new ArrayList<>(items.size());
        List<Map<String, Object>> events = new ArrayList<>(items.size());
        for (BatchItem item : items) {
            String ghost = members.ensureGhost(item.senderHandle());
            String eventId = eventIdFor(roomId, item.part().key());
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", PartContent.eventType(item.part()));
            event.put("sender", ghost);
            event.put("origin_server_ts", item.timestampMs());
            event.put("event_id", eventId);
            event.put("room_id", roomId);
            event.put("content", members.owner().contentFrom(ghost, PartContent.render(item.part())));
            events.add(event);
            eventIds.add(eventId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("forward", forward);
        body.put("forward_if_no_messages", !forward);
        body.put("send_notification", false);
        body.put("events", events);
        JsonNode answer = session.client()
                .postJson(BATCH_SEND + MatrixClient.segment(roomId) + "/batch_send", session.bot(), body);
        JsonNode returned = answer.path("event_ids");
        if (!returned.isArray() || returned.size() != eventIds.size()) {
            throw new MatrixRequestException(
                    MatrixErrors.BAD_RESPONSE,
                    200,
                    "batch_send answered " + returned.size() + " event IDs for " + eventIds.size() + " events",
                    null);
        }
        session.client().stats().batch(items.size());
        return eventIds;
    }
}
