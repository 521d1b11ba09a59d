package imbridge.core.port;

import java.util.List;
import java.util.Objects;

/**
 * Where the appservice keeps what the homeserver sent that the bridge cannot use (an event without an ID, a
 * non-object among the events, a field of the wrong type, an odd ephemeral section). A transaction is never
 * refused for its content, since a homeserver retries a refused transaction forever and holds back everything
 * after it; the unusable parts land here instead, with the reason, for the operator to look at.
 * <p>
 * An entry is known by its transaction, section, position and raw JSON: a retried transaction quarantines
 * nothing twice, while new content under a reused transaction ID (a homeserver that restarted its counter) is
 * kept.
 */
public interface EventQuarantine {

    /**
     * One unusable piece of a transaction.
     *
     * @param section  the body's array it came from ({@code events}, {@code ephemeral}, …)
     * @param position its index in that array, or -1 when the section itself is unusable
     * @param eventId  its {@code event_id} when it had a usable one, else null
     * @param reason   a short code ({@code no_event_id}, {@code content_not_object}, …)
     * @param rawJson  its JSON text, cut to a bounded length
     */
    record Entry(String txnId, String section, int position, String eventId, String reason, String rawJson) {
        public Entry {
            Objects.requireNonNull(txnId, "txnId");
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rawJson, "rawJson");
        }
    }

    /** A stored entry with the time it was first quarantined (epoch ms). */
    record Stored(Entry entry, long receivedMs) {}

    /** Stores the entries not stored before, atomically; returns those that were new, in the given order. */
    List<Entry> add(List<Entry> entries);

    /** How many entries are stored. */
    long count();

    /** The most recently quarantined entries, newest first, at most {@code limit}. */
    List<Stored> newest(int limit);
}
