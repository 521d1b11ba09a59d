package imbridge.core.port;

import imbridge.core.model.LiveEvent;
import java.util.List;
import java.util.Map;

/**
 * Durable inbox of live events (table {@code live_inbox}). The receiver appends an event before it
 * acknowledges it to the source; the live processor takes pending events in append order and either
 * drops one (with a reason code, kept for the report) or admits it for its portal (HELD) until the
 * portal's room has it; only then is the entry completed. A crash at any point loses nothing and
 * repeats only idempotent work.
 */
public interface LiveInbox {

    enum Status {
        PENDING,
        HELD,
        DONE,
        DROPPED
    }

    /** An inbox entry: its append position, the event, its status and (once admitted) its portal. */
    record Entry(long id, LiveEvent event, Status status, String portalId, long receivedMs) {}

    /** Appends the event unless its {@link LiveEvent#eventKey()} is already in the inbox (any status). */
    boolean append(LiveEvent event, long receivedMs);

    /** The oldest PENDING entries in append order, at most {@code limit}. */
    List<Entry> pending(int limit);

    /** Admitted for {@code portalId}: waits there until {@link #complete}. */
    void hold(long id, String portalId);

    /** HELD entries, in append order; of one portal or (portalId null) of all. */
    List<Entry> held(String portalId);

    /** Bridged (or nothing to bridge): the entry is DONE, kept (so its key stays known) until {@link #forgetDoneBefore}. */
    void complete(long id);

    /** Deliberately dropped: {@code reason} is an upper-case code ({@code STORED_ALREADY_BRIDGED} …). */
    void drop(long id, String reason);

    /** Drops so far by reason code (survives restarts). */
    Map<String, Long> dropCounts();

    /** Dropped entries with their reasons, oldest first, at most {@code limit} (for reports and audits). */
    List<Dropped> dropped(int limit);

    record Dropped(LiveEvent event, String reason) {}

    long count(Status status);

    /**
     * Housekeeping: forgets DONE entries last changed before {@code cutoffMs}; returns how many. Until then a
     * completed event re-delivered by the source is still recognised by its key.
     */
    int forgetDoneBefore(long cutoffMs);
}
