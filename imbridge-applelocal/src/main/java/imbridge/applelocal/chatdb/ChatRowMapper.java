package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudChat;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code chat} row (+ its {@code chat_handle_join} handles) → {@link CloudChat}: the GUID is both record name and
 * chat id; only a group (style 43) has a group id; an empty display name is none. Several chats of one person
 * (SMS and iMessage) stay separate records: the engine resolves DMs by the participant's handle.
 */
final class ChatRowMapper {

    /** One {@code chat} row as {@link ChatDbQueries#chatsAfter} selects it. */
    record ChatRow(
            long rowId,
            String guid,
            int style,
            String serviceName,
            String displayName,
            String groupId,
            boolean filtered) {
        static ChatRow read(ResultSet rs) throws SQLException {
            return new ChatRow(
                    rs.getLong("row_id"),
                    rs.getString("guid"),
                    rs.getInt("style"),
                    rs.getString("service_name"),
                    rs.getString("display_name"),
                    rs.getString("group_id"),
                    rs.getLong("is_filtered") != 0);
        }
    }

    private ChatRowMapper() {}

    static CloudChat map(ChatRow row, List<String> handleIds) {
        Set<String> participants = new LinkedHashSet<>();
        for (String id : handleIds) {
            if (id != null && !id.isBlank()) {
                participants.add(id);
            }
        }
        boolean group = row.style() == CloudChat.STYLE_GROUP;
        return new CloudChat(
                row.guid(),
                row.guid(),
                group && row.groupId() != null && !row.groupId().isBlank() ? row.groupId() : null,
                row.style(),
                row.serviceName(),
                row.displayName() == null || row.displayName().isBlank() ? null : row.displayName(),
                List.copyOf(participants),
                row.filtered());
    }
}
