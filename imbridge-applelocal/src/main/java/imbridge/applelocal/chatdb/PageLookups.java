package imbridge.applelocal.chatdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the message rows of one page refer to, fetched with one query per kind for the whole page (chat of each
 * message, Recently Deleted membership, the chats, the senders' handles, the attachments in join order) instead
 * of a correlated sub-query per row.
 */
final class PageLookups {
    private final Map<Long, Long> chatOfMessage = new HashMap<>();
    private final Set<Long> recentlyDeleted = new HashSet<>();
    private final Map<Long, ChatRef> chats = new HashMap<>();
    private final Map<Long, String> handles = new HashMap<>();
    private final Map<Long, List<String>> attachments = new HashMap<>();

    static PageLookups load(Connection c, ChatDbQueries q, List<MessageRow> rows) throws SQLException {
        PageLookups l = new PageLookups();
        if (rows.isEmpty()) {
            return l;
        }
        List<Long> ids = rows.stream().map(MessageRow::rowId).toList();
        query(c, q.chatOfMessages(ids.size()), ids, rs -> l.chatOfMessage.put(rs.getLong(1), rs.getLong(2)));
        String deleted = q.recentlyDeleted(ids.size());
        if (deleted != null) {
            query(c, deleted, ids, rs -> l.recentlyDeleted.add(rs.getLong(1)));
        }
        Set<Long> chatIds = new LinkedHashSet<>(l.chatOfMessage.values());
        if (!chatIds.isEmpty()) {
            query(
                    c,
                    q.chatRefs(chatIds.size()),
                    chatIds,
                    rs -> l.chats.put(
                            rs.getLong(1), new ChatRef(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4))));
        }
        Set<Long> handleIds = new LinkedHashSet<>();
        rows.forEach(r -> {
            if (r.handleId() > 0) {
                handleIds.add(r.handleId());
            }
        });
        if (!handleIds.isEmpty()) {
            query(c, q.handles(handleIds.size()), handleIds, rs -> l.handles.put(rs.getLong(1), rs.getString(2)));
        }
        String joined = q.attachmentsOfMessages(ids.size());
        if (joined != null) {
            query(
                    c,
                    joined,
                    ids,
                    rs -> l.attachments
                            .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(rs.getString(2)));
        }
        return l;
    }

    /** The lowest ROWID of a chat holding the message, or null when no {@code chat_message_join} row has it. */
    Long chatOf(long messageRowId) {
        return chatOfMessage.get(messageRowId);
    }

    boolean inRecentlyDeleted(long messageRowId) {
        return recentlyDeleted.contains(messageRowId);
    }

    ChatRef chat(long chatRowId) {
        return chats.get(chatRowId);
    }

    String handle(long handleRowId) {
        return handles.get(handleRowId);
    }

    List<String> attachments(long messageRowId) {
        return attachments.getOrDefault(messageRowId, List.of());
    }

    interface RowSink {
        void accept(ResultSet rs) throws SQLException;
    }

    static void query(Connection c, String sql, Collection<Long> keys, RowSink sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (long key : keys) {
                ps.setLong(i++, key);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs);
                }
            }
        }
    }
}
