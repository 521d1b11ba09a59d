package imbridge.core.testing;

import imbridge.core.model.OutgoingPart;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A fake of the MatrixGateway port: records sends per room and dedups by transaction ID like a
 * homeserver; can be told to fail chosen sends.
 */
public final class RecordingGateway implements MatrixGateway, imbridge.core.port.BatchSender {
    public record Sent(String roomId, String sender, OutgoingPart part, long ts, String eventId) {}

    public final List<RoomSpec> rooms = new ArrayList<>();
    public final List<Sent> timeline = new ArrayList<>();
    private final Map<String, String> txnToEvent = new HashMap<>();
    public volatile Predicate<OutgoingPart> failWhen = p -> false;
    /** Sends of matching parts wait (outside the gateway's lock) until {@link #releaseHeld} is called. */
    public volatile Predicate<OutgoingPart> holdWhen = p -> false;

    private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    /** Sends currently waiting in {@link #holdWhen}. */
    public final java.util.concurrent.atomic.AtomicInteger holding = new java.util.concurrent.atomic.AtomicInteger();

    private int uploads;
    /** What {@link #doublePuppeting} answers: whether the owner's own actions may be sent as the owner. */
    public volatile boolean puppeting;
    /** Rooms listed as the owner's direct chats, as {@code "room counterpart"}. */
    public final List<String> directChats = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public boolean doublePuppeting() {
        return puppeting;
    }

    @Override
    public void listAsDirect(String roomId, String counterpartHandle) {
        directChats.add(roomId + " " + counterpartHandle);
    }

    public void releaseHeld() {
        held.countDown();
    }

    @Override
    public synchronized String createRoom(RoomSpec spec) {
        rooms.add(spec);
        return "!room" + rooms.size() + ":test";
    }

    @Override
    public void ensureJoined(String roomId, String handle) {}

    @Override
    public String send(String roomId, String senderHandle, OutgoingPart part, long timestampMs) throws MatrixException {
        if (holdWhen.test(part)) {
            holding.incrementAndGet();
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MatrixException("M_UNKNOWN", "interrupted while held", null);
            } finally {
                holding.decrementAndGet();
            }
        }
        return record(roomId, senderHandle, part, timestampMs);
    }

    private synchronized String record(String roomId, String senderHandle, OutgoingPart part, long timestampMs)
            throws MatrixException {
        if (failWhen.test(part)) {
            throw new MatrixException("M_UNKNOWN", "injected failure", null);
        }
        String txn = roomId + "/" + part.key().txnId();
        String existing = txnToEvent.get(txn);
        if (existing != null) {
            return existing;
        }
        String eventId = "$e" + (timeline.size() + 1);
        txnToEvent.put(txn, eventId);
        timeline.add(new Sent(roomId, senderHandle, part, timestampMs, eventId));
        return eventId;
    }

    public final List<String> deletedRooms = new ArrayList<>();
    public volatile boolean batchSupported;
    public final List<Integer> batchSizes = new ArrayList<>();

    @Override
    public boolean batchSendingSupported() {
        return batchSupported;
    }

    @Override
    public int maxBatchItems() {
        return 5;
    }

    @Override
    public synchronized List<String> sendBatch(String roomId, List<BatchItem> items, boolean forward)
            throws MatrixException {
        if (items.size() > maxBatchItems()) {
            throw new IllegalArgumentException("too many items");
        }
        for (BatchItem item : items) {
            if (failWhen.test(item.part())) {
                throw new MatrixException("M_UNKNOWN", "injected failure", null);
            }
        }
        batchSizes.add(items.size());
        List<String> ids = new ArrayList<>();
        // history (forward=false) goes above the room's first event, like the homeserver double's insertHistory
        int insertAt = -1;
        if (!forward) {
            for (int i = 0; i < timeline.size() && insertAt < 0; i++) {
                if (timeline.get(i).roomId().equals(roomId)) {
                    insertAt = i;
                }
            }
        }
        for (BatchItem item : items) {
            String eventId = eventIdFor(roomId, item.part().key());
            if (timeline.stream().noneMatch(s -> s.eventId().equals(eventId))) {
                Sent sent = new Sent(roomId, item.senderHandle(), item.part(), item.timestampMs(), eventId);
                if (insertAt < 0) {
                    timeline.add(sent);
                } else {
                    timeline.add(insertAt++, sent);
                }
            }
            ids.add(eventId);
        }
        return ids;
    }

    @Override
    public String eventIdFor(String roomId, imbridge.core.model.PartKey key) {
        return "$" + roomId + "/" + key.txnId(); // deterministic, like batch send
    }

    /** Redacted event IDs, in order (a repeat is recorded once, as a homeserver deduplicates it). */
    public final List<String> redactions = new ArrayList<>();

    /** Read markers moved: {@code roomId reader eventId readAtMs}. */
    public final List<String> readMarkers = new ArrayList<>();

    @Override
    public synchronized String redact(String roomId, String eventId, String reason) {
        if (!redactions.contains(eventId)) {
            redactions.add(eventId);
        }
        return "$redaction-of-" + eventId;
    }

    @Override
    public synchronized void markRead(String roomId, String readerHandle, String eventId, long readAtMs) {
        readMarkers.add(roomId + " " + readerHandle + " " + eventId + " " + readAtMs);
    }

    @Override
    public synchronized void deleteRoom(String roomId, String reason) {
        deletedRooms.add(roomId);
    }

    @Override
    public synchronized String uploadMedia(byte[] data, String mimeType, String filename) {
        return "mxc://test/" + (++uploads);
    }
}
