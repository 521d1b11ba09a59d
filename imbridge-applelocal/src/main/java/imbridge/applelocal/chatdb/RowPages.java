package imbridge.applelocal.chatdb;

import imbridge.core.model.ZonePage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The paging the chat and attachment feeds share: a page of rows by ROWID, then, once the rows are exhausted,
 * the table's tombstones. The message feed pages its own way (it rescans for edits).
 */
final class RowPages {
    private RowPages() {}

    /** Reads one row of a result set. */
    interface RowReader<R> {
        R read(ResultSet rs) throws SQLException;
    }

    /** At most {@code limit} rows, and whether more follow them. */
    record Rows<R>(List<R> rows, boolean more) {}

    /**
     * The rows after {@code afterRowId}; {@code sql} takes that ROWID and a row limit. One row more than
     * {@code limit} is asked for so the answer knows whether more follow. A null {@code sql} (the table does not
     * exist in this database) reads no rows.
     */
    static <R> Rows<R> after(Connection c, String sql, long afterRowId, int limit, RowReader<R> reader)
            throws SQLException {
        List<R> rows = new ArrayList<>();
        if (sql != null) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, afterRowId);
                ps.setInt(2, limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(reader.read(rs));
                    }
                }
            }
        }
        boolean more = rows.size() > limit;
        return new Rows<>(more ? rows.subList(0, limit) : rows, more);
    }

    /**
     * Closes a page of {@code rows}: while rows remain the tombstone position stays where it was; after the last
     * row the next batch of tombstones rides on the page.
     */
    static <R, T> ZonePage<T> finish(
            Connection c,
            PageAssembler<T> page,
            String feed,
            PositionToken from,
            Rows<R> rows,
            ToLongFunction<R> rowId,
            TombstoneReader tombstones,
            int limit)
            throws SQLException {
        long rowsMark = rows.rows().isEmpty()
                ? from.rows()
                : rowId.applyAsLong(rows.rows().getLast());
        if (rows.more()) {
            return page.build(List.of(), feed, new PositionToken(rowsMark, 0, from.deleted(), 0, 0), true);
        }
        TombstoneReader.Batch deleted = tombstones.after(c, from.deleted(), limit);
        return page.build(
                deleted.guids(), feed, new PositionToken(rowsMark, 0, deleted.lastRowId(), 0, 0), deleted.more());
    }
}
