package imbridge.core.port;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The synced CloudKit cache of one login. Every {@code ingest*Page} applies the page's records,
 * tombstones and rejects <b>and</b> stores the zone's new token in one transaction, so a crash
 * resumes from the last applied page and replaying a page is harmless (upserts).
 * A null token is never written over a stored one.
 */
public interface CloudStore {

    Optional<String> syncToken(Zone zone);

    void ingestAttachmentPage(List<CloudAttachment> attachments, List<String> deletedRecordNames,
                              List<RecordReject> rejects, String newToken);

    void ingestChatPage(List<ChatRow> chats, List<String> deletedRecordNames, List<RecordReject> rejects,
                        String newToken);

    /** Message tombstones match {@code guid_norm} or {@code record_name}; they soft-delete. */
    void ingestMessagePage(List<MessageRow> messages, List<String> deletedRecordNames,
                           List<RecordReject> rejects, String newToken);

    /** Known attachments by normalised (upper-case) GUID. */
    Map<String, CloudAttachment> attachmentsByGuid(Collection<String> guids);

    /** Portal of a non-deleted chat matched by cloud_chat_id, record_name or group_id (case-insensitive). */
    Optional<String> chatPortalId(String chatIdentifier);

    /** The newest non-deleted chat row of a portal, if any (DMs may have none). */
    Optional<ChatRow> chatForPortal(String portalId);

    /** Portals with non-deleted messages, newest message first. */
    List<PortalCandidate> portalCandidates();

    /** Non-deleted messages of a portal strictly after {@code cursor} in (timestamp_ms, guid_norm) order. */
    List<MessageRow> messagesAfter(String portalId, BackfillCursor cursor, int limit);

    long rejectCount();
}
