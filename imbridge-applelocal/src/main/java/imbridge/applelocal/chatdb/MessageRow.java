package imbridge.applelocal.chatdb;

import java.sql.ResultSet;
import java.sql.SQLException;

/** One {@code message} row as {@link ChatDbQueries} selects it (missing columns already neutral). */
record MessageRow(
        long rowId,
        String guid,
        long date,
        String text,
        byte[] attributedBody,
        byte[] summaryInfo,
        String subject,
        long handleId,
        String service,
        long dateRead,
        long dateEdited,
        boolean fromMe,
        long itemType,
        boolean systemMessage,
        boolean serviceMessage,
        String associatedGuid,
        long associatedType,
        String associatedEmoji,
        String threadOriginatorGuid,
        String threadOriginatorPart,
        String destinationCallerId,
        String balloonBundleId) {

    static MessageRow read(ResultSet rs) throws SQLException {
        return new MessageRow(
                rs.getLong("row_id"),
                rs.getString("guid"),
                rs.getLong("date"),
                rs.getString("text"),
                rs.getBytes("attributedBody"),
                rs.getBytes("message_summary_info"),
                rs.getString("subject"),
                rs.getLong("handle_id"),
                rs.getString("service"),
                rs.getLong("date_read"),
                rs.getLong("date_edited"),
                rs.getLong("is_from_me") != 0,
                rs.getLong("item_type"),
                rs.getLong("is_system_message") != 0,
                rs.getLong("is_service_message") != 0,
                rs.getString("associated_message_guid"),
                rs.getLong("associated_message_type"),
                rs.getString("associated_message_emoji"),
                rs.getString("thread_originator_guid"),
                rs.getString("thread_originator_part"),
                rs.getString("destination_caller_id"),
                rs.getString("balloon_bundle_id"));
    }
}
