package imbridge.store;

import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The columns of a cached message row, shared by {@code cloud_message} and {@code cloud_message_staging}, and their
 * positional binding. Page ingest binds them on the bare JDBC statement: with Jdbi's named binding (29 names per
 * row) the binding cost more than SQLite's own work for an append.
 */
final class MessageRowColumns {

    /** In the order {@link #bind} sets them. */
    static final String NAMES = """
            login_id, guid, guid_norm, record_name, chat_id, portal_id, timestamp_ms, sender, is_from_me, text, \
            subject, service, deleted, attachments_json, attachment_guids_json, has_body, tapback_type, \
            tapback_target_guid, tapback_emoji, reply_guid, unsent, edited_at_ms, date_read_ms, msg_type, \
            target_part, layout_json, attachments_pending, planned_parts""";

    static final int COUNT = NAMES.split(",").length;

    private MessageRowColumns() {}

    /** {@code count} comma-separated placeholders. */
    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** Sets parameters 1 … {@link #COUNT}; returns the index of the next parameter. */
    static int bind(PreparedStatement st, String login, MessageRow m) throws SQLException {
        MessageExtras x = m.extras();
        int i = 0;
        st.setString(++i, login);
        st.setString(++i, m.guid());
        st.setString(++i, m.guidNorm());
        st.setString(++i, m.recordName() == null ? "" : m.recordName());
        st.setString(++i, m.chatId());
        st.setString(++i, m.portalId());
        st.setLong(++i, m.timestampMs());
        st.setString(++i, m.sender());
        st.setBoolean(++i, m.fromMe());
        st.setString(++i, m.text());
        st.setString(++i, m.subject());
        st.setString(++i, m.service());
        st.setBoolean(++i, m.deleted());
        st.setString(++i, JsonColumns.attachments(m.attachments()));
        st.setString(++i, JsonColumns.optionalStrings(m.attachmentGuids()));
        st.setBoolean(++i, m.hasBody());
        st.setObject(++i, x.tapbackType(), Types.INTEGER);
        st.setString(++i, x.tapbackTargetGuid());
        st.setString(++i, x.tapbackEmoji());
        st.setString(++i, x.replyToGuid());
        st.setBoolean(++i, x.unsent());
        st.setLong(++i, x.editedAtMs());
        st.setLong(++i, x.dateReadMs());
        st.setInt(++i, x.msgType());
        st.setString(++i, x.targetPart());
        st.setString(++i, JsonColumns.layout(x.layout()));
        st.setBoolean(++i, m.attachmentsIncomplete());
        st.setInt(++i, MessagePartPlanner.partCount(m)); // summed per portal by the portal_progress triggers
        return i + 1;
    }
}
