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

    /** When the zone's token was last saved (epoch ms; for the dashboard); empty without a token. */
    default java.util.OptionalLong syncTokenSavedMs(Zone zone) {
        return java.util.OptionalLong.empty();
    }

    void ingestAttachmentPage(
            List<CloudAttachment> attachments,
            List<String> deletedRecordNames,
            List<RecordReject> rejects,
            String newToken);

    /**
     * Chat tombstones are resolved by {@code record_name} (never by chat ID): the matching chat rows
     * are hard-deleted and their portals' messages soft-deleted, in the same transaction.
     *
     * @return the portal IDs whose chats this page tombstoned (for the recently-deleted guard and room deletion)
     */
    List<String> ingestChatPage(
            List<ChatRow> chats, List<String> deletedRecordNames, List<RecordReject> rejects, String newToken);

    /**
     * Message tombstones match {@code guid_norm} or {@code record_name}; they soft-delete. Soft
     * deletes are sticky ({@code deleted = old OR new}). A row whose {@link MessageRow#attachmentsIncomplete()}
     * is true never replaces a stored attachment list that has more entries.
     */
    void ingestMessagePage(
            List<MessageRow> messages, List<String> deletedRecordNames, List<RecordReject> rejects, String newToken);

    /** Records a zone's failure without touching its token. */
    void recordSyncError(Zone zone, String error);

    /** Forgets one zone's token (CHANGE_TOKEN_EXPIRED: re-pull that zone from the beginning). */
    void clearSyncToken(Zone zone);

    /** Forgets every zone token and the chat version marker, keeping the {@code _version} marker. */
    void clearSyncTokens();

    /** True if any sync state row (tokens or version markers) exists for the login. */
    boolean hasAnySyncState();

    /** A version marker ({@code _version}, {@code _chat_version}); 0 when absent. */
    int versionMarker(String name);

    void setVersionMarker(String name, int value);

    /** Fresh bootstrap: deletes the login's rows from every cloud table (sync state, chats, messages, attachments, cache, failures, rejects). */
    void clearAllData();

    /** Matrix-side or skip-list delete: soft-deletes the portal's chat rows and messages (UUIDs are kept for echo detection). */
    void softDeletePortal(String portalId);

    /** Housekeeping (behaviour.md W4): deletes attachment-cache rows no live message references; returns how many. */
    int pruneAttachmentCache();

    /**
     * Lets the database gather the planner's statistics for tables that have none or grew a lot (SQLite
     * {@code PRAGMA optimize}, PostgreSQL {@code ANALYZE}); without them a page can be planned as a scan of the whole
     * account. Called after a bulk load (the bootstrap pass, each re-sync); costs well under a second at 1M messages.
     */
    void refreshStatistics();

    /**
     * Starts a bulk load of the message zone where it pays: the login holds no messages, has bridged none and the
     * zone has no token (an account's first sync), or a bulk load was interrupted (it resumes). Until
     * {@link #finishBulkMessageLoad} message pages are set aside in arrival order, each with its token in one
     * transaction as usual, and no read sees them; the finish applies them with the rules of a page-by-page ingest.
     * Returns whether the load is on; a store that gains nothing by it says false and keeps ingesting directly.
     */
    default boolean beginBulkMessageLoad() {
        return false;
    }

    /** Applies the message pages set aside since {@link #beginBulkMessageLoad}, in one transaction (none: nothing). */
    default void finishBulkMessageLoad() {}

    /**
     * Housekeeping (behaviour.md W3, F11): hard-deletes messages that are soft-deleted AND whose portal has no chat
     * row; returns how many.
     */
    int purgeSoftDeletedOrphans();

    /** Quarantined records, newest first, at most {@code limit}. */
    List<RecordReject> rejects(int limit);

    /**
     * Live messages ingested while some attachment they name was not yet known (their
     * {@link MessageRow#attachmentsIncomplete()} was true), oldest first.
     */
    List<MessageRow> messagesAwaitingAttachments(int limit);

    /** Known attachments by normalised (upper-case) GUID. */
    Map<String, CloudAttachment> attachmentsByGuid(Collection<String> guids);

    /** Portal of a non-deleted chat matched by cloud_chat_id, record_name or group_id (case-insensitive). */
    Optional<String> chatPortalId(String chatIdentifier);

    /** The newest non-deleted chat row of a portal, if any (DMs may have none). */
    Optional<ChatRow> chatForPortal(String portalId);

    /**
     * Portals with non-deleted messages, newest message first, excluding portals whose only chat
     * rows are filtered (junk) or deleted. DMs without any chat row are candidates.
     */
    List<PortalCandidate> portalCandidates();

    /**
     * How many non-deleted messages one portal has. A per-portal step asks this instead of
     * {@link #portalCandidates()}, whose cost is the whole account's: this one costs what the portal holds.
     */
    long portalMessageCount(String portalId);

    /** Non-deleted messages of a portal strictly after {@code cursor} in (timestamp_ms, guid_norm) order. */
    List<MessageRow> messagesAfter(String portalId, BackfillCursor cursor, int limit);

    /**
     * The portal's non-deleted tapback rows (a tapback type set) at or before {@code upTo}, oldest first: what a run
     * replays to know which reactions stand. A store should read only those rows; a live tapback in a big chat
     * otherwise reads the whole history. This default pages through every message.
     */
    default List<MessageRow> tapbacksUpTo(String portalId, BackfillCursor upTo) {
        List<MessageRow> out = new java.util.ArrayList<>();
        BackfillCursor cursor = BackfillCursor.START;
        while (true) {
            List<MessageRow> rows = messagesAfter(portalId, cursor, 5_000);
            for (MessageRow row : rows) {
                if (row.timestampMs() > upTo.timestampMs()
                        || (row.timestampMs() == upTo.timestampMs()
                                && row.guidNorm().compareTo(upTo.guidNorm() == null ? "" : upTo.guidNorm()) > 0)) {
                    return out;
                }
                if (row.extras().tapbackType() != null) {
                    out.add(row);
                }
            }
            if (rows.size() < 5_000) {
                return out;
            }
            cursor = new BackfillCursor(
                    rows.getLast().timestampMs(), rows.getLast().guidNorm());
        }
    }

    /**
     * The portal's non-deleted tapback rows aimed at {@code targetGuid} (any case; a part prefix such as
     * {@code p:0/} read off as {@link imbridge.core.model.MessageExtras#tapbackTarget()} does), oldest first:
     * the reactions that go when their message is unsent or deleted. This default reads every tapback of the portal.
     */
    default List<MessageRow> tapbacksTargeting(String portalId, String targetGuid) {
        return tapbacksUpTo(portalId, new BackfillCursor(Long.MAX_VALUE, "")).stream()
                .filter(row -> row.extras().tapbackTarget().trim().equalsIgnoreCase(targetGuid.trim()))
                .toList();
    }

    /**
     * Non-deleted messages of a portal strictly before {@code before} in (timestamp_ms, guid_norm) order, newest
     * first (backward backfill pages and the newest-N start of a capped forward backfill).
     */
    List<MessageRow> messagesBefore(String portalId, BackfillCursor before, int limit);

    long rejectCount();

    /**
     * The message whose GUID matches in any case (APNs upper-case, CloudKit lower-case), soft-deleted or not:
     * the live path needs its {@link MessageRow#deleted()} and {@link MessageRow#portalId()}.
     */
    Optional<MessageRow> messageByGuid(String guid);

    /**
     * True when the portal has message rows and every one is soft-deleted (a deleted portal, behaviour.md §7.3 7′,
     * §8.7).
     */
    boolean portalHasOnlyDeletedMessages(String portalId);
}
