package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudChat;
import imbridge.core.model.ZonePage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The chat feed: {@code chat} rows by ROWID, then {@code sync_deleted_chats} tombstones. */
final class ChatFeed {
    static final String FEED = "chats";
    private final ChatDbQueries queries;
    private final TombstoneReader tombstones;
    private final SkipCounter counter;
    private final int limit;

    ChatFeed(ChatDbQueries queries, SkipCounter counter, int limit) {
        this.queries = queries;
        this.tombstones = new TombstoneReader(queries.tombstonesAfter("sync_deleted_chats", "chat"), "chat", counter);
        this.counter = counter;
        this.limit = limit;
    }

    ZonePage<CloudChat> page(Connection c, PositionToken from) throws SQLException {
        List<ChatRowMapper.ChatRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(queries.chatsAfter)) {
            ps.setLong(1, from.rows());
            ps.setInt(2, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(ChatRowMapper.ChatRow.read(rs));
                }
            }
        }
        boolean more = rows.size() > limit;
        if (more) {
            rows = rows.subList(0, limit);
        }
        Map<Long, List<String>> participants = participants(c, rows);
        PageAssembler<CloudChat> page = new PageAssembler<>("chat", counter);
        for (ChatRowMapper.ChatRow row : rows) {
            page.add(ChatRowMapper.map(row, participants.getOrDefault(row.rowId(), List.of())));
        }
        long rowsMark = rows.isEmpty() ? from.rows() : rows.getLast().rowId();
        if (more) {
            return page.build(List.of(), FEED, new PositionToken(rowsMark, 0, from.deleted(), 0, 0), true);
        }
        TombstoneReader.Batch deleted = tombstones.after(c, from.deleted(), limit);
        return page.build(
                deleted.guids(), FEED, new PositionToken(rowsMark, 0, deleted.lastRowId(), 0, 0), deleted.more());
    }

    private Map<Long, List<String>> participants(Connection c, List<ChatRowMapper.ChatRow> rows) throws SQLException {
        Map<Long, List<String>> out = new HashMap<>();
        String sql = rows.isEmpty() ? null : queries.participants(rows.size());
        if (sql != null) {
            PageLookups.query(
                    c,
                    sql,
                    rows.stream().map(ChatRowMapper.ChatRow::rowId).toList(),
                    rs -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(rs.getString(2)));
        }
        return out;
    }
}
