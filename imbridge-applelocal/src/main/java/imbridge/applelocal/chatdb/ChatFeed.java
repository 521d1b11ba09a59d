package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudChat;
import imbridge.core.model.ZonePage;
import java.sql.Connection;
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
        RowPages.Rows<ChatRowMapper.ChatRow> rows =
                RowPages.after(c, queries.chatsAfter, from.rows(), limit, ChatRowMapper.ChatRow::read);
        Map<Long, List<String>> participants = participants(c, rows.rows());
        PageAssembler<CloudChat> page = new PageAssembler<>("chat", counter);
        for (ChatRowMapper.ChatRow row : rows.rows()) {
            page.add(ChatRowMapper.map(row, participants.getOrDefault(row.rowId(), List.of())));
        }
        return RowPages.finish(c, page, FEED, from, rows, ChatRowMapper.ChatRow::rowId, tombstones, limit);
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
