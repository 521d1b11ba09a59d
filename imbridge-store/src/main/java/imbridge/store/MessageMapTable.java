package imbridge.store;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.PartKey;
import imbridge.core.model.SentPart;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL of {@code message_map}: which Matrix event each message part became, unique per part. */
final class MessageMapTable {

    private static final String INSERT_IGNORE = """
            INSERT INTO message_map (login_id, portal_id, guid_norm, part, guid, room_id, event_id, timestamp_ms)
            VALUES (:login, :portalId, :guidNorm, :part, :guid, :roomId, :eventId, :timestampMs)
            ON CONFLICT (login_id, portal_id, guid_norm, part) DO NOTHING""";

    static final String PARTS_OF_GUIDS = """
            SELECT guid_norm, part FROM message_map
            WHERE login_id = :login AND portal_id = :portal AND guid_norm IN (<guids>)""";

    static final String EVENT_OF_PART = """
            SELECT event_id FROM message_map
            WHERE login_id = :login AND portal_id = :portal AND guid_norm = :guidNorm AND part = :part""";

    /** Served by {@code message_map_guid_idx} (V7): the portal is not known when this is asked. */
    static final String ANY_PART_OF_GUID = """
            SELECT 1 FROM message_map WHERE login_id = :login AND guid_norm = :guidNorm LIMIT 1""";

    /** Served by {@code message_map_portal_order_idx} (V9): the first entry in (timestamp_ms, guid_norm) order. */
    static final String OLDEST_OF_PORTAL = """
            SELECT timestamp_ms, guid_norm FROM message_map
            WHERE login_id = :login AND portal_id = :portal
            ORDER BY timestamp_ms, guid_norm
            LIMIT 1""";

    private MessageMapTable() {}

    /** Whether the login has bridged anything (one index entry). */
    static boolean any(Handle h, String login) {
        return h.createQuery("SELECT 1 FROM message_map WHERE login_id = :login LIMIT 1")
                .bind("login", login)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    static void insertIgnoringExisting(Handle h, String login, List<SentPart> sent) {
        if (sent.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(INSERT_IGNORE);
        for (SentPart s : sent) {
            batch.bind("login", login)
                    .bind("portalId", s.portalId())
                    .bind("guidNorm", s.key().guidNorm())
                    .bind("part", s.key().part())
                    .bind("guid", s.guid() == null ? s.key().guidNorm() : s.guid())
                    .bind("roomId", s.roomId())
                    .bind("eventId", s.eventId())
                    .bind("timestampMs", s.timestampMs())
                    .add();
        }
        batch.execute();
    }

    static Set<PartKey> existing(Handle h, String login, String portalId, Collection<PartKey> keys) {
        Set<String> guids = new LinkedHashSet<>();
        keys.forEach(k -> guids.add(k.guidNorm()));
        Set<PartKey> wanted = new HashSet<>(keys);
        Set<PartKey> found = new HashSet<>();
        for (List<String> chunk : Chunks.of(guids)) {
            h.createQuery(PARTS_OF_GUIDS)
                    .bind("login", login)
                    .bind("portal", portalId)
                    .bindList("guids", chunk)
                    .map((rs, ctx) -> new PartKey(rs.getString("guid_norm"), rs.getString("part")))
                    .forEach(key -> {
                        if (wanted.contains(key)) {
                            found.add(key);
                        }
                    });
        }
        return found;
    }

    static java.util.Optional<String> eventIdOf(Handle h, String login, String portalId, PartKey key) {
        return h.createQuery(EVENT_OF_PART)
                .bind("login", login)
                .bind("portal", portalId)
                .bind("guidNorm", key.guidNorm())
                .bind("part", key.part())
                .mapTo(String.class)
                .findOne();
    }

    static java.util.Optional<BackfillCursor> oldest(Handle h, String login, String portalId) {
        return h.createQuery(OLDEST_OF_PORTAL)
                .bind("login", login)
                .bind("portal", portalId)
                .map((rs, ctx) -> new BackfillCursor(rs.getLong("timestamp_ms"), rs.getString("guid_norm")))
                .findOne();
    }

    static boolean anyPartOf(Handle h, String login, String guidNorm) {
        return h.createQuery(ANY_PART_OF_GUID)
                .bind("login", login)
                .bind("guidNorm", guidNorm)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    static void validate(List<SentPart> sent) {
        for (SentPart s : sent) {
            if (s == null
                    || s.portalId() == null
                    || s.key() == null
                    || s.key().guidNorm() == null
                    || s.key().part() == null) {
                throw new IllegalArgumentException("sent part needs a portal and a part key: " + s);
            }
        }
    }
}
