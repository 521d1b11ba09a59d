package imbridge.store;

import imbridge.core.model.Guids;
import imbridge.core.model.MessageRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * SQL of {@code cloud_message_staging} (SQLite only): the message pages of a bulk load, kept in arrival order until
 * {@link #merge} applies them to {@code cloud_message} with the rules of a page-by-page ingest.
 *
 * <p>Why: ingesting a page writes each of its rows into three B-trees at random keys (GUID, record name, portal), and
 * every commit rewrites each touched index page in the WAL. At a million messages that is about a thousand page
 * writes per 200-message page. Appending to this table costs one sequential write per row; the merge then walks the
 * rows in GUID order, so the primary key is written in order and each index page once per load.
 */
final class MessageStagingTable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MessageStagingTable.class);

    private static final String NEXT_SEQ = """
            SELECT COALESCE(MAX(seq), 0) FROM cloud_message_staging WHERE login_id = :login""";

    private static final String STAGE_ROW = "INSERT INTO cloud_message_staging (" + MessageRowColumns.NAMES
            + ", staged_ts, seq) VALUES (" + MessageRowColumns.placeholders(MessageRowColumns.COUNT + 2) + ")";

    private static final String STAGE_TOMBSTONE = """
            INSERT INTO cloud_message_staging (login_id, seq, tombstone_name, guid_norm, staged_ts)
            VALUES (:login, :seq, :name, :guidNorm, :now)""";

    static final String ANY = "SELECT 1 FROM cloud_message_staging WHERE login_id = :login LIMIT 1";

    private static final String SOFT_DELETE_PORTALS = """
            UPDATE cloud_message_staging SET deleted = 1
            WHERE login_id = :login AND tombstone_name IS NULL AND deleted = 0 AND portal_id IN (<portals>)""";

    /** Stored attachment entries of the row already merged, or NULL when it has none. */
    private static final String STORED_COUNT = "json_array_length(NULLIF(cloud_message.attachments_json, ''))";
    /**
     * {@link MessageTable#keepFullerAttachments} in SQL: a version that names attachments it could not resolve keeps
     * the fuller list an earlier version stored, and is then pending only if that list is still short.
     */
    private static final String KEEP_STORED = "excluded.attachments_pending AND " + STORED_COUNT
            + " > COALESCE(json_array_length(NULLIF(excluded.attachments_json, '')), 0)";

    /**
     * Every staged version in GUID order, each GUID's versions in arrival order: the primary key fills in order, and
     * a GUID delivered twice is merged by the same rules as a re-delivery ({@link MessageTable#onConflictUpdate}).
     */
    static final String MERGE = "INSERT INTO cloud_message (" + MessageRowColumns.NAMES + ", created_ts, updated_ts)\n"
            + "SELECT " + MessageRowColumns.NAMES + ", staged_ts, staged_ts" + """
             FROM cloud_message_staging
            WHERE login_id = :login AND tombstone_name IS NULL
            ORDER BY guid_norm, seq
            """
            + MessageTable.onConflictUpdate(
                    "CASE WHEN " + KEEP_STORED
                            + " THEN cloud_message.attachments_json ELSE excluded.attachments_json END",
                    "CASE WHEN " + KEEP_STORED + " THEN " + STORED_COUNT
                            + " < COALESCE(json_array_length(NULLIF(excluded.attachment_guids_json, '')), 0)"
                            + " ELSE excluded.attachments_pending END",
                    // the kept list's parts were counted with it (off by the text part only if a later version
                    // emptied or filled the text: a rare double delivery inside one load, for a progress figure)
                    "CASE WHEN " + KEEP_STORED + " THEN cloud_message.planned_parts ELSE excluded.planned_parts END");

    /** {@link MessageAttachmentTable}'s references, from the merged rows' final lists (the login had no messages). */
    static final String MERGE_REFERENCES = """
            INSERT INTO cloud_message_attachment (login_id, guid_norm, record_name)
            SELECT m.login_id, m.guid_norm, json_extract(a.value, '$.record_name')
            FROM cloud_message m, json_each(m.attachments_json) a
            WHERE m.login_id = :login AND m.attachments_json <> ''
              AND TRIM(COALESCE(json_extract(a.value, '$.record_name'), '')) <> ''
            ON CONFLICT (login_id, guid_norm, record_name) DO NOTHING""";

    private static final String TOMBSTONES = """
            SELECT seq, tombstone_name, guid_norm, staged_ts FROM cloud_message_staging
            WHERE login_id = :login AND tombstone_name IS NOT NULL ORDER BY seq""";

    /** Only built when the load has tombstones: they look up the versions staged before them by GUID and name. */
    static final List<String> TOMBSTONE_INDEXES = List.of("""
            CREATE INDEX IF NOT EXISTS cloud_message_staging_guid_idx
            ON cloud_message_staging (login_id, guid_norm, seq)""", """
            CREATE INDEX IF NOT EXISTS cloud_message_staging_name_idx
            ON cloud_message_staging (login_id, record_name, seq)""");

    private static final List<String> DROP_TOMBSTONE_INDEXES = List.of(
            "DROP INDEX IF EXISTS cloud_message_staging_guid_idx",
            "DROP INDEX IF EXISTS cloud_message_staging_name_idx");

    /** A tombstone deletes what existed when it arrived: rows with a version staged before it (never a later one). */
    static final String TOMBSTONE_BY_GUID = """
            UPDATE cloud_message SET deleted = TRUE, updated_ts = :now
            WHERE login_id = :login AND guid_norm = :guidNorm AND deleted = FALSE
              AND EXISTS (SELECT 1 FROM cloud_message_staging s
                          WHERE s.login_id = :login AND s.guid_norm = :guidNorm AND s.seq < :seq
                            AND s.tombstone_name IS NULL)""";

    /** Messages with a version staged before the tombstone under its record name (off the name index). */
    static final String NAMED_BEFORE = """
            SELECT DISTINCT guid_norm FROM cloud_message_staging
            WHERE login_id = :login AND record_name = :name AND seq < :seq AND tombstone_name IS NULL""";

    /**
     * By record name, one candidate at a time by primary key: the name must be the one the row had when the
     * tombstone arrived, i.e. that of its last version before it. (One UPDATE over all candidates let SQLite walk
     * every message of the login per tombstone.)
     */
    static final String TOMBSTONE_BY_RECORD_NAME = """
            UPDATE cloud_message SET deleted = TRUE, updated_ts = :now
            WHERE login_id = :login AND guid_norm = :guidNorm AND deleted = FALSE
              AND (SELECT s.record_name FROM cloud_message_staging s
                   WHERE s.login_id = :login AND s.guid_norm = :guidNorm AND s.seq < :seq
                     AND s.tombstone_name IS NULL
                   ORDER BY s.seq DESC LIMIT 1) = :name""";

    private static final String CLEAR = "DELETE FROM cloud_message_staging WHERE login_id = :login";
    /** Two index ranges around the login: a plain scan for "another login" would first walk this one's million. */
    private static final String OTHER_LOGINS = """
            SELECT 1 WHERE EXISTS (SELECT 1 FROM cloud_message_staging WHERE login_id < :login)
                        OR EXISTS (SELECT 1 FROM cloud_message_staging WHERE login_id > :login)""";
    /** Without a WHERE clause SQLite drops the table's pages at once instead of deleting row by row. */
    private static final String CLEAR_ALL = "DELETE FROM cloud_message_staging";

    private MessageStagingTable() {}

    static boolean any(Handle h, String login) {
        return h.createQuery(ANY)
                .bind("login", login)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    /** Appends a page: its rows in order, then its tombstones (a page's tombstones apply after its rows). */
    static void stage(Handle h, String login, List<MessageRow> rows, Collection<String> tombstones, long now) {
        long seq =
                h.createQuery(NEXT_SEQ).bind("login", login).mapTo(Long.class).one();
        if (!rows.isEmpty()) {
            try (PreparedStatement insert = h.getConnection().prepareStatement(STAGE_ROW)) {
                for (MessageRow m : rows) {
                    int next = MessageRowColumns.bind(insert, login, m);
                    insert.setLong(next, now);
                    insert.setLong(next + 1, ++seq);
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        }
        if (!tombstones.isEmpty()) {
            PreparedBatch batch = h.prepareBatch(STAGE_TOMBSTONE);
            for (String name : tombstones) {
                batch.bind("login", login)
                        .bind("seq", ++seq)
                        .bind("name", name)
                        .bind("guidNorm", Guids.normalize(name))
                        .bind("now", now)
                        .add();
            }
            batch.execute();
        }
    }

    static void softDeletePortals(Handle h, String login, Collection<String> portalIds) {
        Chunks.updatePortals(h, SOFT_DELETE_PORTALS, login, portalIds);
    }

    /** Applies and removes the login's staged pages; returns how many message versions it applied. */
    static int merge(Handle h, String login, java.util.function.LongSupplier clockMillis) {
        StepTimer steps = new StepTimer(clockMillis);
        int versions = h.createUpdate(MERGE).bind("login", login).execute();
        steps.done("rows");
        List<StagedTombstone> tombstones = h.createQuery(TOMBSTONES)
                .bind("login", login)
                .map((rs, ctx) -> new StagedTombstone(
                        rs.getLong("seq"),
                        rs.getString("tombstone_name"),
                        rs.getString("guid_norm"),
                        rs.getLong("staged_ts")))
                .list();
        if (!tombstones.isEmpty()) {
            TOMBSTONE_INDEXES.forEach(h::execute);
            // Tombstones only ever set deleted, so their order among themselves does not matter; each sees exactly
            // the versions staged before it.
            PreparedBatch byGuid = h.prepareBatch(TOMBSTONE_BY_GUID);
            PreparedBatch byRecordName = h.prepareBatch(TOMBSTONE_BY_RECORD_NAME);
            for (StagedTombstone t : tombstones) {
                byGuid.bind("login", login)
                        .bind("guidNorm", t.guidNorm())
                        .bind("seq", t.seq())
                        .bind("now", t.stagedMs())
                        .add();
                List<String> named = h.createQuery(NAMED_BEFORE)
                        .bind("login", login)
                        .bind("name", t.name())
                        .bind("seq", t.seq())
                        .mapTo(String.class)
                        .list();
                for (String guidNorm : named) {
                    byRecordName
                            .bind("login", login)
                            .bind("guidNorm", guidNorm)
                            .bind("name", t.name())
                            .bind("seq", t.seq())
                            .bind("now", t.stagedMs())
                            .add();
                }
            }
            byGuid.execute();
            if (byRecordName.size() > 0) {
                byRecordName.execute();
            }
        }
        steps.done(tombstones.size() + " tombstones");
        h.createUpdate(MERGE_REFERENCES).bind("login", login).execute();
        steps.done("attachment references");
        boolean othersStaged = h.createQuery(OTHER_LOGINS)
                .bind("login", login)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
        if (othersStaged) {
            h.createUpdate(CLEAR).bind("login", login).execute();
        } else {
            h.execute(CLEAR_ALL);
        }
        DROP_TOMBSTONE_INDEXES.forEach(h::execute);
        steps.done("cleared");
        log.info("bulk load merge of {} message versions: {}", versions, steps);
        return versions;
    }

    /** Wall time per merge step, for the log (a merge runs once per account, so operators see where it went). */
    private static final class StepTimer {
        private final StringBuilder out = new StringBuilder();
        private final java.util.function.LongSupplier clockMillis;
        private long last;

        StepTimer(java.util.function.LongSupplier clockMillis) {
            this.clockMillis = clockMillis;
            this.last = clockMillis.getAsLong();
        }

        void done(String step) {
            long now = clockMillis.getAsLong();
            out.append(out.isEmpty() ? "" : ", ")
                    .append(step)
                    .append(' ')
                    .append(now - last)
                    .append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    static void clear(Handle h, String login) {
        h.createUpdate(CLEAR).bind("login", login).execute();
    }

    private record StagedTombstone(long seq, String name, String guidNorm, long stagedMs) {}
}
