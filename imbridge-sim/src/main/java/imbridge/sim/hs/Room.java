package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One room's timeline, current state, memberships and send-transaction memory.
 * Every method except the immutable accessors must be called while holding {@link #lock()}:
 * one lock per room keeps rooms independent under concurrent load.
 */
final class Room {
    private final String roomId;
    private final String creator;
    private final String roomVersion;
    private final boolean direct;
    private final Predicate<String> appserviceUser;
    private final ReentrantLock lock = new ReentrantLock();

    private final ArrayList<Event> timeline = new ArrayList<>();
    private final Map<String, Event> byId = new HashMap<>();
    private final Map<String, Event> state = new LinkedHashMap<>();
    private final Map<String, String> memberships = new LinkedHashMap<>();
    private final Map<String, String> txnEvents = new HashMap<>();
    /** Event ID → ID of its latest {@code m.replace} edit (by stream order), for servers that apply edits. */
    private final Map<String, String> latestEdits = new HashMap<>();
    /** userId → receipt type → the newest receipt of that type; what {@code /receipt} and {@code /read_markers} set. */
    private final Map<String, Map<String, Receipt>> receipts = new LinkedHashMap<>();

    private int appserviceJoined;
    private long lastStream;
    /** Events for the appservice held back until room creation has fully succeeded. */
    private List<Event> unpublished = new ArrayList<>();

    Room(String roomId, String creator, String roomVersion, boolean direct, Predicate<String> appserviceUser) {
        this.roomId = roomId;
        this.creator = creator;
        this.roomVersion = roomVersion;
        this.direct = direct;
        this.appserviceUser = appserviceUser;
    }

    String roomId() {
        return roomId;
    }

    String creator() {
        return creator;
    }

    String roomVersion() {
        return roomVersion;
    }

    boolean isDirect() {
        return direct;
    }

    ReentrantLock lock() {
        return lock;
    }

    /** Appends an event to the timeline; state events also become current state. */
    void append(Event event) {
        timeline.add(event);
        byId.put(event.eventId(), event);
        lastStream = event.stream();
        String edited = ServerSideEdits.targetOf(event);
        Event target = edited == null ? null : byId.get(edited);
        if (target != null && target.sender().equals(event.sender())) { // only its sender can edit a message
            latestEdits.put(edited, event.eventId());
        }
        if (event.isState()) {
            applyState(event);
        }
    }

    /** Whether the timeline has any non-state event (a message). */
    boolean hasMessages() {
        for (Event event : timeline) {
            if (!event.isState()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Inserts message events before the first message of the timeline (history above what the room shows).
     * The stream must stay ordered, so the inserted events and every event after them get fresh stream
     * positions from {@code nextStream}; pagination tokens handed out earlier may then repeat events.
     * Returns the inserted events as stored.
     */
    List<Event> insertHistory(List<Event> history, LongSupplier nextStream) {
        int at = 0;
        while (at < timeline.size() && timeline.get(at).isState()) {
            at++;
        }
        List<Event> tail = new ArrayList<>(timeline.subList(at, timeline.size()));
        timeline.subList(at, timeline.size()).clear();
        List<Event> inserted = new ArrayList<>(history.size());
        for (Event event : history) {
            Event positioned = event.withStream(nextStream.getAsLong());
            timeline.add(positioned);
            byId.put(positioned.eventId(), positioned);
            inserted.add(positioned);
        }
        for (Event event : tail) {
            Event moved = event.withStream(nextStream.getAsLong());
            timeline.add(moved);
            byId.put(moved.eventId(), moved);
            if (moved.isState()) {
                String key = stateKey(moved.type(), moved.stateKey());
                Event current = state.get(key);
                if (current != null && current.eventId().equals(moved.eventId())) {
                    state.put(key, moved);
                }
            }
        }
        lastStream = timeline.getLast().stream();
        return inserted;
    }

    private void applyState(Event event) {
        state.put(stateKey(event.type(), event.stateKey()), event);
        if ("m.room.member".equals(event.type())) {
            String target = event.stateKey();
            boolean wasJoined = "join".equals(memberships.get(target));
            String membership = event.content().path("membership").asText("leave");
            memberships.put(target, membership);
            boolean isJoined = "join".equals(membership);
            if (wasJoined != isJoined && appserviceUser.test(target)) {
                appserviceJoined += isJoined ? 1 : -1;
            }
        }
    }

    /**
     * Whether the appservice must see this event: its sender or membership target is one of the appservice's
     * users, or one of them is joined (Synapse's interest rules for user namespaces).
     */
    boolean appserviceInterestedIn(Event event) {
        return appserviceJoined > 0
                || appserviceUser.test(event.sender())
                || ("m.room.member".equals(event.type()) && appserviceUser.test(event.stateKey()));
    }

    Event stateEvent(String type, String stateKey) {
        return state.get(stateKey(type, stateKey));
    }

    JsonNode stateContent(String type, String stateKey) {
        Event event = stateEvent(type, stateKey);
        return event == null ? null : event.content();
    }

    List<Event> currentState() {
        return new ArrayList<>(state.values());
    }

    /** Current membership of a user, or {@code null} if they never had one. */
    String membership(String userId) {
        return memberships.get(userId);
    }

    boolean isJoined(String userId) {
        return "join".equals(memberships.get(userId));
    }

    Map<String, String> memberships() {
        return Collections.unmodifiableMap(memberships);
    }

    PowerLevels powerLevels() {
        return new PowerLevels(stateContent("m.room.power_levels", ""));
    }

    String joinRule() {
        JsonNode content = stateContent("m.room.join_rules", "");
        return content == null ? "invite" : content.path("join_rule").asText("invite");
    }

    boolean isPublished() {
        return unpublished == null;
    }

    void holdForPublication(Event event) {
        unpublished.add(event);
    }

    /** Marks the room as created; returns the held events that now go to the appservice. */
    List<Event> publish() {
        List<Event> held = unpublished;
        unpublished = null;
        return held;
    }

    String eventIdForTxn(String key) {
        return txnEvents.get(key);
    }

    void rememberTxn(String key, String eventId) {
        txnEvents.put(key, eventId);
    }

    Event event(String eventId) {
        return byId.get(eventId);
    }

    /** A read receipt or marker: the event, when the server took it, and the time the client asked for (or null). */
    record Receipt(String eventId, long ts, Long requestedTs) {}

    void putReceipt(String userId, String type, Receipt receipt) {
        receipts.computeIfAbsent(userId, u -> new LinkedHashMap<>()).put(type, receipt);
    }

    Map<String, Map<String, Receipt>> receipts() {
        Map<String, Map<String, Receipt>> copy = new LinkedHashMap<>();
        receipts.forEach((user, byType) -> copy.put(user, new LinkedHashMap<>(byType)));
        return copy;
    }

    /** Swaps a stored event for a new version of itself (redaction), in the timeline and in state. */
    void replace(Event updated) {
        int index = indexOfStream(updated.stream());
        if (index >= 0) {
            timeline.set(index, updated);
        }
        byId.put(updated.eventId(), updated);
        if (updated.isState()) {
            String key = stateKey(updated.type(), updated.stateKey());
            Event current = state.get(key);
            if (current != null && current.eventId().equals(updated.eventId())) {
                state.put(key, updated);
            }
        }
    }

    /**
     * Drops an event from the timeline (simulated loss), and forgets the send transaction that created it so a
     * resend with the same txnId creates it again, as on a server that really lost it. Current state is kept.
     */
    boolean remove(String eventId) {
        Event event = byId.remove(eventId);
        if (event == null) {
            return false;
        }
        int index = indexOfStream(event.stream());
        if (index >= 0) {
            timeline.remove(index);
        }
        txnEvents.values().removeIf(eventId::equals);
        return true;
    }

    /** The latest edit of {@code eventId} as stored now (a redacted edit has lost its content), or null. */
    Event latestEditOf(String eventId) {
        String editId = latestEdits.get(eventId);
        return editId == null ? null : byId.get(editId);
    }

    List<Event> timeline() {
        return new ArrayList<>(timeline);
    }

    int eventCount() {
        return timeline.size();
    }

    String name() {
        JsonNode content = stateContent("m.room.name", "");
        return content == null || !content.path("name").isTextual()
                ? null
                : content.path("name").textValue();
    }

    /** {@code content.channel.id} of the first {@code m.bridge} state event that has one. */
    String bridgePortalId() {
        for (Event event : state.values()) {
            if ("m.bridge".equals(event.type())) {
                JsonNode id = event.content().path("channel").path("id");
                if (id.isTextual()) {
                    return id.textValue();
                }
            }
        }
        return null;
    }

    /**
     * One page of {@code /messages}. A token {@code s<n>} is a point in the stream: events with
     * {@code stream <= n} lie before it, the others after it.
     */
    MessagesPage page(boolean backwards, Long from, Long to, int limit) {
        List<Event> chunk = new ArrayList<>();
        if (backwards) {
            long start = from == null ? lastStream : from;
            int i = indexAtOrBefore(start);
            while (i >= 0 && chunk.size() < limit && (to == null || timeline.get(i).stream() > to)) {
                chunk.add(timeline.get(i--));
            }
            boolean more = i >= 0 && (to == null || timeline.get(i).stream() > to);
            Long end = chunk.isEmpty() || !more ? null : chunk.getLast().stream() - 1;
            return new MessagesPage(chunk, start, end);
        }
        long start = from == null ? 0 : from;
        int i = indexAtOrBefore(start) + 1;
        while (i < timeline.size() && chunk.size() < limit && (to == null || timeline.get(i).stream() <= to)) {
            chunk.add(timeline.get(i++));
        }
        Long end = chunk.isEmpty() ? null : chunk.getLast().stream();
        return new MessagesPage(chunk, start, end);
    }

    record MessagesPage(List<Event> chunk, long start, Long end) {}

    /** Index of the last event with {@code stream <= position}, or -1. */
    private int indexAtOrBefore(long position) {
        int lo = 0;
        int hi = timeline.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (timeline.get(mid).stream() <= position) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private int indexOfStream(long stream) {
        int index = indexAtOrBefore(stream);
        return index >= 0 && timeline.get(index).stream() == stream ? index : -1;
    }

    private static String stateKey(String type, String stateKey) {
        return type + '\u0000' + stateKey;
    }
}
