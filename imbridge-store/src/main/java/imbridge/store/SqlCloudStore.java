package imbridge.store;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.Guids;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import imbridge.core.port.CloudStore;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link CloudStore} on SQL. Each page ingest runs in one writer transaction: rows, tombstones, rejects and
 * the zone's new token commit together or not at all.
 *
 * <p>Chat tombstones hard-delete the chat rows (by record name only, behaviour.md T7) and soft-delete the messages of
 * the
 * portals those chats belonged to (architecture.md §2.6); the messages stay for echo detection until
 * housekeeping purges them ({@link #purgeSoftDeletedOrphans()}).
 */
final class SqlCloudStore implements CloudStore {

    /** Separates the service from the handle in DM chat identifiers, e.g. {@code iMessage;-;+15551234567}. */
    private static final String DM_SEPARATOR = ";-;";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SqlCloudStore.class);
    /** SQLite's writer cache while a bulk load merges (native memory, given back after): each index page once. */
    private static final int MERGE_CACHE_KIB = -256 * 1024;

    private final SqlAccess sql;
    private final String login;
    private final TableStatistics statistics;
    /** SQLite: bulk loads go through {@code cloud_message_staging} ({@link MessageStagingTable}). */
    private final boolean stagesBulkLoads;

    private volatile boolean bulkLoading;

    SqlCloudStore(SqlAccess sql, String login, TableStatistics statistics, boolean stagesBulkLoads) {
        this.sql = sql;
        this.login = login;
        this.statistics = statistics;
        this.stagesBulkLoads = stagesBulkLoads;
    }

    @Override
    public Optional<String> syncToken(Zone zone) {
        Objects.requireNonNull(zone, "zone");
        return sql.reader().withHandle(h -> SyncStateTable.token(h, login, zone));
    }

    @Override
    public java.util.OptionalLong syncTokenSavedMs(Zone zone) {
        return sql.reader().withHandle(h -> SyncStateTable.tokenSavedMs(h, login, zone));
    }

    @Override
    public void ingestAttachmentPage(
            List<CloudAttachment> attachments,
            List<String> deletedRecordNames,
            List<RecordReject> rejects,
            String newToken) {
        AttachmentTable.validate(attachments);
        RejectTable.validate(rejects);
        Set<String> tombstones = tombstoneNames(deletedRecordNames);
        long now = sql.now();
        sql.writer().useTransaction(h -> {
            AttachmentTable.upsert(h, login, attachments, now);
            AttachmentTable.tombstone(h, login, tombstones, now);
            RejectTable.upsert(h, login, rejects, now);
            SyncStateTable.saveToken(h, login, Zone.ATTACHMENTS, newToken, now);
        });
    }

    @Override
    public List<String> ingestChatPage(
            List<ChatRow> chats, List<String> deletedRecordNames, List<RecordReject> rejects, String newToken) {
        ChatTable.validate(chats);
        RejectTable.validate(rejects);
        Set<String> tombstones = tombstoneNames(deletedRecordNames);
        long now = sql.now();
        return sql.writer().inTransaction(h -> {
            ChatTable.upsert(h, login, chats, now);
            Set<String> tombstonedPortals = ChatTable.deleteByRecordNames(h, login, tombstones);
            // behaviour.md §8.1: the portal's other chat rows and all its messages are soft-deleted, never hard-deleted
            // (F15).
            ChatTable.softDeletePortals(h, login, tombstonedPortals);
            softDeleteMessagesOfPortals(h, tombstonedPortals, now);
            RejectTable.upsert(h, login, rejects, now);
            SyncStateTable.saveToken(h, login, Zone.CHATS, newToken, now);
            return List.copyOf(tombstonedPortals);
        });
    }

    @Override
    public List<MessageRow> messagesAwaitingAttachments(int limit) {
        return sql.reader().withHandle(h -> MessageTable.awaitingAttachments(h, login, limit));
    }

    @Override
    public void ingestMessagePage(
            List<MessageRow> messages, List<String> deletedRecordNames, List<RecordReject> rejects, String newToken) {
        MessageTable.validate(messages);
        RejectTable.validate(rejects);
        Set<String> tombstones = tombstoneNames(deletedRecordNames);
        long now = sql.now();
        if (bulkLoading) {
            sql.writer().useTransaction(h -> {
                MessageStagingTable.stage(h, login, messages, tombstones, now);
                RejectTable.upsert(h, login, rejects, now);
                SyncStateTable.saveToken(h, login, Zone.MESSAGES, newToken, now);
            });
            return;
        }
        sql.writer().useTransaction(h -> {
            List<MessageRow> effective = MessageTable.keepFullerAttachments(h, login, messages);
            MessageTable.upsert(h, login, effective, now);
            MessageAttachmentTable.replace(h, login, effective);
            MessageTable.tombstone(h, login, tombstones, now);
            RejectTable.upsert(h, login, rejects, now);
            SyncStateTable.saveToken(h, login, Zone.MESSAGES, newToken, now);
        });
    }

    @Override
    public void recordSyncError(Zone zone, String error) {
        Objects.requireNonNull(zone, "zone");
        long now = sql.now();
        sql.writer()
                .useHandle(h -> SyncStateTable.saveError(h, login, zone, error == null ? "unknown error" : error, now));
    }

    @Override
    public void clearSyncToken(Zone zone) {
        Objects.requireNonNull(zone, "zone");
        sql.writer().useHandle(h -> SyncStateTable.delete(h, login, zone));
    }

    @Override
    public void clearSyncTokens() {
        sql.writer().useHandle(h -> SyncStateTable.deleteAllButVersion(h, login));
    }

    @Override
    public boolean hasAnySyncState() {
        return sql.reader().withHandle(h -> SyncStateTable.any(h, login));
    }

    @Override
    public int versionMarker(String name) {
        SyncStateTable.validateMarker(name);
        return sql.reader().withHandle(h -> SyncStateTable.versionMarker(h, login, name));
    }

    @Override
    public void setVersionMarker(String name, int value) {
        SyncStateTable.validateMarker(name);
        long now = sql.now();
        sql.writer().useHandle(h -> SyncStateTable.setVersionMarker(h, login, name, value, now));
    }

    @Override
    public void clearAllData() {
        sql.writer().useTransaction(h -> {
            CloudTables.clearLogin(h, login);
            if (stagesBulkLoads) {
                MessageStagingTable.clear(h, login);
            }
        });
        bulkLoading = false;
    }

    @Override
    public boolean beginBulkMessageLoad() {
        if (stagesBulkLoads && !bulkLoading) {
            // Nothing bridged either: the listeners of ingested pages (edits, redactions, older gaps) act on bridged
            // messages only, and must not miss a page whose rows are not readable until the load is applied.
            bulkLoading = sql.reader()
                    .withHandle(h -> MessageStagingTable.any(h, login)
                            || (SyncStateTable.token(h, login, Zone.MESSAGES).isEmpty()
                                    && !MessageTable.any(h, login)
                                    && !MessageMapTable.any(h, login)));
        }
        return bulkLoading;
    }

    @Override
    public void finishBulkMessageLoad() {
        if (!bulkLoading) {
            return;
        }
        long started = sql.now();
        int versions = sql.writer().withHandle(h -> {
            h.execute("PRAGMA cache_size = " + MERGE_CACHE_KIB);
            try {
                return h.inTransaction(tx -> MessageStagingTable.merge(tx, login, sql::now));
            } finally {
                h.execute("PRAGMA cache_size = " + ConnectionPools.WRITER_CACHE_KIB);
            }
        });
        bulkLoading = false;
        log.info("bulk load: applied {} staged message versions in {} ms", versions, sql.now() - started);
    }

    /** Portal deletion reaches staged messages too: a bulk load's rows are the portal's messages to come. */
    private void softDeleteMessagesOfPortals(org.jdbi.v3.core.Handle h, Collection<String> portalIds, long now) {
        MessageTable.softDeletePortals(h, login, portalIds, now);
        if (stagesBulkLoads) {
            MessageStagingTable.softDeletePortals(h, login, portalIds);
        }
    }

    @Override
    public void softDeletePortal(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        long now = sql.now();
        sql.writer().useTransaction(h -> {
            ChatTable.softDeletePortals(h, login, List.of(portalId));
            softDeleteMessagesOfPortals(h, List.of(portalId), now);
        });
    }

    @Override
    public int pruneAttachmentCache() {
        return sql.writer().inTransaction(h -> AttachmentCacheTable.pruneUnreferenced(h, login));
    }

    @Override
    public void refreshStatistics() {
        statistics.refresh();
    }

    @Override
    public int purgeSoftDeletedOrphans() {
        return sql.writer().inTransaction(h -> MessageTable.purgeOrphans(h, login));
    }

    @Override
    public List<RecordReject> rejects(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return sql.reader().withHandle(h -> RejectTable.newest(h, login, limit));
    }

    @Override
    public Map<String, CloudAttachment> attachmentsByGuid(Collection<String> guids) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String guid : guids) {
            if (guid != null && !guid.isBlank()) {
                normalized.add(Guids.normalize(guid));
            }
        }
        if (normalized.isEmpty()) {
            return Map.of();
        }
        return sql.reader().withHandle(h -> AttachmentTable.byGuid(h, login, normalized));
    }

    @Override
    public Optional<String> chatPortalId(String chatIdentifier) {
        if (chatIdentifier == null || chatIdentifier.isBlank()) {
            return Optional.empty();
        }
        return sql.reader().withHandle(h -> {
            Optional<String> direct = ChatTable.portalOf(h, login, chatIdentifier);
            int separator = chatIdentifier.indexOf(DM_SEPARATOR);
            if (direct.isPresent() || separator < 0) {
                return direct;
            }
            String handle = chatIdentifier.substring(separator + DM_SEPARATOR.length());
            return handle.isBlank() ? Optional.empty() : ChatTable.portalOf(h, login, handle);
        });
    }

    @Override
    public Optional<ChatRow> chatForPortal(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        return sql.reader().withHandle(h -> ChatTable.newestOfPortal(h, login, portalId));
    }

    @Override
    public List<PortalCandidate> portalCandidates() {
        return sql.reader().withHandle(h -> MessageTable.candidates(h, login));
    }

    @Override
    public long portalMessageCount(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        return sql.reader().withHandle(h -> MessageTable.countInPortal(h, login, portalId));
    }

    @Override
    public List<MessageRow> tapbacksUpTo(String portalId, BackfillCursor upTo) {
        Objects.requireNonNull(portalId, "portalId");
        Objects.requireNonNull(upTo, "upTo");
        return sql.reader().withHandle(h -> MessageTable.tapbacksUpTo(h, login, portalId, upTo));
    }

    @Override
    public List<MessageRow> tapbacksTargeting(String portalId, String targetGuid) {
        Objects.requireNonNull(portalId, "portalId");
        Objects.requireNonNull(targetGuid, "targetGuid");
        return sql.reader().withHandle(h -> MessageTable.tapbacksTargeting(h, login, portalId, targetGuid));
    }

    @Override
    public List<MessageRow> messagesAfter(String portalId, BackfillCursor cursor, int limit) {
        Objects.requireNonNull(portalId, "portalId");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return sql.reader().withHandle(h -> MessageTable.after(h, login, portalId, cursor, limit));
    }

    @Override
    public List<MessageRow> messagesBefore(String portalId, BackfillCursor before, int limit) {
        Objects.requireNonNull(portalId, "portalId");
        Objects.requireNonNull(before, "before");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return sql.reader().withHandle(h -> MessageTable.before(h, login, portalId, before, limit));
    }

    @Override
    public long rejectCount() {
        return sql.reader().withHandle(h -> RejectTable.count(h, login));
    }

    @Override
    public Optional<MessageRow> messageByGuid(String guid) {
        if (guid == null || guid.isBlank()) {
            return Optional.empty();
        }
        return sql.reader().withHandle(h -> MessageTable.byGuid(h, login, guid));
    }

    @Override
    public boolean portalHasOnlyDeletedMessages(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        return sql.reader().withHandle(h -> MessageTable.portalHasOnlyDeleted(h, login, portalId));
    }

    /** Blank names would match every live-path message ({@code record_name = ''}), so they are dropped. */
    private static Set<String> tombstoneNames(List<String> deletedRecordNames) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : deletedRecordNames) {
            if (name != null && !name.isBlank()) {
                names.add(name);
            }
        }
        return names;
    }
}
