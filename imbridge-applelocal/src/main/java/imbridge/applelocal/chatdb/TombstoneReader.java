package imbridge.applelocal.chatdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code sync_deleted_*} table after a ROWID mark. A tombstone whose GUID still has a live row is not a
 * deletion (behaviour.md §AL8.3 rule 2: the row was re-created, or the tombstone is stale): it is logged and counted,
 * and the
 * mark moves past it all the same.
 */
final class TombstoneReader {
    static final String TOMBSTONE_OF_LIVE_ROW = "TOMBSTONE_OF_LIVE_ROW";

    /** @param lastRowId the mark after this batch; {@code more} when rows beyond the batch remain */
    record Batch(List<String> guids, long lastRowId, boolean more) {}

    private final String sql;
    private final String what;
    private final SkipCounter counter;

    /** @param sql from {@link ChatDbQueries#tombstonesAfter}; null when the database has no such table */
    TombstoneReader(String sql, String what, SkipCounter counter) {
        this.sql = sql;
        this.what = what;
        this.counter = counter;
    }

    Batch after(Connection c, long mark, int limit) throws SQLException {
        if (sql == null) {
            return new Batch(List.of(), mark, false);
        }
        List<String> guids = new ArrayList<>();
        long last = mark;
        int seen = 0;
        boolean more = false;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, mark);
            ps.setInt(2, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (++seen > limit) {
                        more = true;
                        break;
                    }
                    last = rs.getLong("row_id");
                    String guid = rs.getString("guid");
                    if (rs.getLong("live") != 0) {
                        counter.record(
                                TOMBSTONE_OF_LIVE_ROW,
                                what + " tombstone guid=" + guid,
                                "a row with this guid still exists");
                    } else if (guid != null && !guid.isBlank()) {
                        guids.add(guid);
                    }
                }
            }
        }
        return new Batch(guids, last, more);
    }
}
