package imbridge.store;

import static imbridge.store.HotQueryWorld.LARGE_PORTAL;
import static imbridge.store.HotQueryWorld.LOGIN;
import static imbridge.store.HotQueryWorld.SMALL_PORTAL;
import static imbridge.store.HotQueryWorld.guidNorm;
import static imbridge.store.HotQueryWorld.portalId;

import imbridge.store.HotQueryPlansAtScale.HotQuery;
import imbridge.store.HotQueryPlansAtScale.Scope;
import imbridge.store.HotQueryPlansAtScale.Sorting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Every query on a hot path, with the binds of a typical call and what its plan must use. Found from the ports'
 * callers in imbridge-core: SyncPass (per page), ForwardBackfill / BackwardBackfill / HistorySplit (per portal),
 * LiveProcessor / LiveDelivery / LiveMessageChecks (per live message), OutgoingMessages / MatrixSideDeleter (per Matrix
 * event) and SyncController / PortalDiscovery (per pass).
 * Upserts are left out: each one's conflict target is a PRIMARY KEY or UNIQUE constraint by definition.
 */
final class HotQueries {
    private static final String MESSAGES = "cloud_message";
    private static final List<String> MESSAGE_TABLES = List.of(MESSAGES);

    private HotQueries() {}

    /**
     * A bind whose value is a {@link List} stands for a Jdbi {@code <name>} list ({@link HotQueryPlansAtScale#expand}).
     *
     * @param key the index name a dialect shows for (table, constraint name) */
    static List<HotQuery> all(BinaryOperator<String> key) {
        String messagePk = key.apply(MESSAGES, "cloud_message_pkey");
        String mapUnique = key.apply("message_map", "message_map_part_uq");
        String cachePk = key.apply("cloud_attachment_cache", "cloud_attachment_cache_pkey");
        String large = portalId(LARGE_PORTAL);
        String small = portalId(SMALL_PORTAL);
        long middle = HotQueryWorld.FIRST_TS + HotQueryWorld.MESSAGES / 2 * 1000L;
        return List.of(
                // ---- per sync page (SyncPass: ingest*Page, attachmentsByGuid, chatPortalId) ----
                page(
                        "message.storedAttachments",
                        MessageTable.STORED_ATTACHMENTS,
                        binds("login", LOGIN, "guids", List.of(guidNorm(8), guidNorm(16))),
                        List.of(messagePk),
                        MESSAGE_TABLES),
                page(
                        "message.tombstoneByGuid",
                        MessageTable.TOMBSTONE_BY_GUID,
                        binds("login", LOGIN, "now", 1L, "guidNorm", guidNorm(99)),
                        List.of(messagePk),
                        MESSAGE_TABLES),
                page(
                        "message.tombstoneByRecordName",
                        MessageTable.TOMBSTONE_BY_RECORD_NAME,
                        binds("login", LOGIN, "now", 1L, "recordName", "g-99"),
                        List.of("cloud_message_record_name_idx"),
                        MESSAGE_TABLES),
                page(
                        "messageAttachment.replace",
                        MessageAttachmentTable.DELETE_OF_MESSAGES,
                        binds("login", LOGIN, "guids", List.of(guidNorm(8))),
                        List.of(key.apply("cloud_message_attachment", "cloud_message_attachment_pkey")),
                        List.of("cloud_message_attachment")),
                page(
                        "attachment.tombstone",
                        AttachmentTable.TOMBSTONE,
                        binds("login", LOGIN, "now", 1L, "names", List.of("a-1", "a-2")),
                        List.of(key.apply("cloud_attachment", "cloud_attachment_pkey")),
                        List.of("cloud_attachment")),
                page(
                        "attachment.byGuid",
                        AttachmentTable.BY_GUID,
                        binds("login", LOGIN, "guids", List.of("ATT-17", "ATT-99999", "ATT-none")),
                        List.of("cloud_attachment_guid_idx"),
                        List.of("cloud_attachment")),
                page(
                        "chat.portalsOfRecords",
                        ChatTable.PORTALS_OF_RECORDS,
                        binds("login", LOGIN, "names", List.of("crec5", "crec6")),
                        List.of("cloud_chat_record_name_idx"),
                        List.of("cloud_chat")),
                page(
                        "chat.deleteByRecords",
                        ChatTable.DELETE_BY_RECORDS,
                        binds("login", LOGIN, "names", List.of("crec5", "crec6")),
                        List.of("cloud_chat_record_name_idx"),
                        List.of("cloud_chat")),
                page(
                        "chat.softDeletePortals",
                        ChatTable.SOFT_DELETE_PORTALS,
                        binds("login", LOGIN, "portals", List.of(small)),
                        List.of("cloud_chat_portal_idx"),
                        List.of("cloud_chat")),
                new HotQuery(
                        "chat.portalOfIdentifier",
                        Scope.PAGE,
                        ChatTable.PORTAL_OF_IDENTIFIER,
                        binds("login", LOGIN, "id", "iMessage;-;" + small, "groupId", "imessage;-;" + small),
                        List.of(
                                key.apply("cloud_chat", "cloud_chat_pkey"),
                                "cloud_chat_record_name_idx",
                                "cloud_chat_group_id_idx"),
                        List.of("cloud_chat"),
                        Sorting.BOUNDED),

                // ---- per portal (forward and backward backfill, history split, deletions) ----
                portal(
                        "message.softDeletePortals",
                        MessageTable.SOFT_DELETE_PORTALS,
                        binds("login", LOGIN, "now", 1L, "portals", List.of(large))),
                portal(
                        "message.after",
                        MessageTable.AFTER,
                        binds("login", LOGIN, "portal", large, "ts", middle, "guidNorm", "", "limit", 200)),
                portal(
                        "message.before",
                        MessageTable.BEFORE,
                        binds("login", LOGIN, "portal", large, "ts", middle, "guidNorm", "", "limit", 200)),
                portal("message.countInPortal", MessageTable.COUNT_IN_PORTAL, binds("login", LOGIN, "portal", large)),
                portal("message.onlyDeleted", MessageTable.ONLY_DELETED, binds("login", LOGIN, "portal", large)),
                new HotQuery(
                        "chat.newestOfPortal",
                        Scope.PORTAL,
                        ChatTable.NEWEST_OF_PORTAL,
                        binds("login", LOGIN, "portal", small),
                        List.of("cloud_chat_portal_idx"),
                        List.of("cloud_chat"),
                        Sorting.BOUNDED),
                new HotQuery(
                        "map.partsOfGuids",
                        Scope.PORTAL,
                        MessageMapTable.PARTS_OF_GUIDS,
                        binds("login", LOGIN, "portal", large, "guids", List.of(guidNorm(30), guidNorm(33))),
                        List.of(mapUnique),
                        List.of("message_map"),
                        Sorting.NONE),
                // The part's unique key, or the GUID index (a GUID has a handful of parts).
                new HotQuery(
                        "map.eventOfPart",
                        Scope.PAGE,
                        MessageMapTable.EVENT_OF_PART,
                        binds("login", LOGIN, "portal", large, "guidNorm", guidNorm(30), "part", "text"),
                        List.of(mapUnique + "|message_map_guid_idx"),
                        List.of("message_map"),
                        Sorting.NONE),
                new HotQuery(
                        "map.oldestOfPortal",
                        Scope.PORTAL,
                        MessageMapTable.OLDEST_OF_PORTAL,
                        binds("login", LOGIN, "portal", large),
                        List.of("message_map_portal_order_idx"),
                        List.of("message_map"),
                        Sorting.NONE),

                // ---- per attachment transfer (AttachmentPipeline: the upload cache, one record at a time) ----
                new HotQuery(
                        "attachmentCache.content",
                        Scope.PAGE,
                        AttachmentLedgerTables.CONTENT,
                        binds("login", LOGIN, "name", "a-800"),
                        List.of(cachePk),
                        List.of("cloud_attachment_cache"),
                        Sorting.NONE),

                // ---- per Matrix event (OutgoingMessages, MatrixSideDeleter, the owner-message router) ----
                new HotQuery(
                        "portal.byRoom",
                        Scope.PAGE,
                        PortalTable.BY_ROOM,
                        binds("login", LOGIN, "room", "!room" + SMALL_PORTAL),
                        List.of("portal_room_idx"),
                        List.of("portal"),
                        Sorting.NONE),

                // ---- per live message (LiveProcessor, LiveDelivery, LiveMessageChecks) ----
                page(
                        "message.byGuid",
                        MessageTable.BY_GUID,
                        binds("login", LOGIN, "guidNorm", guidNorm(4242)),
                        List.of(messagePk),
                        MESSAGE_TABLES),
                new HotQuery(
                        "map.anyPartOfGuid",
                        Scope.PAGE,
                        MessageMapTable.ANY_PART_OF_GUID,
                        binds("login", LOGIN, "guidNorm", guidNorm(4242)),
                        List.of("message_map_guid_idx"),
                        List.of("message_map"),
                        Sorting.NONE),
                new HotQuery(
                        "inbox.pending",
                        Scope.PAGE,
                        SqlLiveInbox.PENDING,
                        binds("login", LOGIN, "limit", 64),
                        List.of("live_inbox_status_idx"),
                        List.of("live_inbox"),
                        Sorting.NONE),
                new HotQuery(
                        "inbox.heldOfPortal",
                        Scope.PAGE,
                        SqlLiveInbox.HELD_OF_PORTAL,
                        binds("login", LOGIN, "portal", portalId(7)),
                        List.of("live_inbox_held_idx"),
                        List.of("live_inbox"),
                        Sorting.NONE),
                new HotQuery(
                        "inbox.complete",
                        Scope.PAGE,
                        SqlLiveInbox.COMPLETE,
                        binds("login", LOGIN, "id", 99_990L, "now", 1L),
                        List.of(key.apply("live_inbox", "live_inbox_pkey")),
                        List.of("live_inbox"),
                        Sorting.NONE),

                // ---- per pass / housekeeping (SyncPass late attachments, PortalDiscovery, SyncController) ----
                pass(
                        "message.awaitingAttachments",
                        MessageTable.AWAITING_ATTACHMENTS,
                        binds("login", LOGIN, "limit", 500),
                        List.of("cloud_message_pending_idx"),
                        Sorting.NONE),
                pass(
                        "message.candidates",
                        MessageTable.CANDIDATES,
                        binds("login", LOGIN),
                        List.of("cloud_message_portal_state_idx"),
                        Sorting.GROUPS_ONLY),
                pass(
                        "message.purgeOrphanReferences",
                        MessageTable.PURGE_ORPHAN_REFERENCES,
                        binds("login", LOGIN),
                        List.of("cloud_message_soft_deleted_idx"),
                        Sorting.BOUNDED),
                pass(
                        "message.purgeOrphans",
                        MessageTable.PURGE_ORPHANS,
                        binds("login", LOGIN),
                        List.of("cloud_message_soft_deleted_idx"),
                        Sorting.NONE),
                new HotQuery(
                        "attachmentCache.pruneUnreferenced",
                        Scope.PASS,
                        AttachmentCacheTable.PRUNE_UNREFERENCED,
                        binds("login", LOGIN),
                        List.of("cloud_message_attachment_record_idx", messagePk),
                        List.of(MESSAGES, "cloud_message_attachment"),
                        Sorting.NONE),
                new HotQuery(
                        "inbox.forgetDone",
                        Scope.PASS,
                        SqlLiveInbox.FORGET_DONE,
                        binds("login", LOGIN, "cutoff", 1_000L),
                        List.of("live_inbox_done_idx"),
                        List.of("live_inbox"),
                        Sorting.NONE),
                // Either the status index or the partial held index; sorting the held entries is bounded.
                new HotQuery(
                        "inbox.heldAll",
                        Scope.PASS,
                        SqlLiveInbox.HELD_ALL,
                        binds("login", LOGIN),
                        List.of("live_inbox_"),
                        List.of("live_inbox"),
                        Sorting.BOUNDED),
                new HotQuery(
                        "backwardTask.open",
                        Scope.PASS,
                        BackwardTaskTable.OPEN,
                        binds("login", LOGIN),
                        List.of("backward_task_open_idx"),
                        List.of("backward_task"),
                        Sorting.BOUNDED));
    }

    private static HotQuery page(
            String name, String sql, Map<String, Object> binds, List<String> indexes, List<String> bigTables) {
        return new HotQuery(name, Scope.PAGE, sql, binds, indexes, bigTables, Sorting.NONE);
    }

    private static HotQuery portal(String name, String sql, Map<String, Object> binds) {
        return new HotQuery(
                name,
                Scope.PORTAL,
                sql,
                binds,
                List.of("cloud_message_portal_state_idx"),
                MESSAGE_TABLES,
                Sorting.NONE);
    }

    private static HotQuery pass(
            String name, String sql, Map<String, Object> binds, List<String> indexes, Sorting sorting) {
        return new HotQuery(name, Scope.PASS, sql, binds, indexes, MESSAGE_TABLES, sorting);
    }

    private static Map<String, Object> binds(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
