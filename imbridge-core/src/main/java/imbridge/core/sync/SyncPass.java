package imbridge.core.sync;

import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.Guids;
import imbridge.core.model.MessageRow;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSource;
import imbridge.core.port.CloudStore;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync pass: the three zones fetched concurrently, each with a small prefetch; attachments and chats
 * committed first (messages need both to resolve portals and enrich attachments), then messages.
 * Records that cannot be placed are quarantined with a reason.
 */
public final class SyncPass {
    private static final Logger log = LoggerFactory.getLogger(SyncPass.class);

    private final CloudSource source;
    private final CloudStore store;
    private final PortalIdResolver resolver;
    private final ZoneSyncer zones;
    private final Clock clock;
    private final RecentlyDeletedPortals recentlyDeleted;
    private final Consumer<String> onChatTombstone;

    private volatile Consumer<List<String>> messageTombstones = names -> {};
    /** This pass's message zone is a bulk load (set before its first page, cleared when it is applied). */
    private volatile boolean bulkLoad;

    private volatile Consumer<List<MessageRow>> messagesIngested = rows -> {};

    /** Told about every ingested page of messages (after it is committed), e.g. to repair older gaps. */
    public void onMessagesIngested(Consumer<List<MessageRow>> listener) {
        this.messagesIngested = listener;
    }

    /** Called with each message page's tombstoned record names, after the page committed. */
    public void onMessageTombstones(Consumer<List<String>> listener) {
        this.messageTombstones = listener;
    }

    public SyncPass(
            CloudSource source,
            CloudStore store,
            PortalIdResolver resolver,
            SyncSettings settings,
            Waiter waiter,
            Clock clock) {
        this(
                source,
                store,
                resolver,
                settings,
                waiter,
                clock,
                new RecentlyDeletedPortals(clock, java.time.Duration.ofHours(24)),
                portal -> {});
    }

    /**
     * @param recentlyDeleted re-import guard: messages of these portals are ingested soft-deleted
     * @param onChatTombstone called once per portal whose chat a page tombstoned (after the page committed)
     */
    public SyncPass(
            CloudSource source,
            CloudStore store,
            PortalIdResolver resolver,
            SyncSettings settings,
            Waiter waiter,
            Clock clock,
            RecentlyDeletedPortals recentlyDeleted,
            Consumer<String> onChatTombstone) {
        this.source = source;
        this.store = store;
        this.resolver = resolver;
        this.zones = new ZoneSyncer(store, settings, waiter);
        this.clock = clock;
        this.recentlyDeleted = recentlyDeleted;
        this.onChatTombstone = onChatTombstone;
    }

    /**
     * The three zones run at once, each fetching ahead of its own commits. Message pages are fetched from
     * the start but committed only after the chats zone (portal resolution reads the chats) and the
     * attachment zone (a message is stored with its attachment records, see {@link #messagesReady}) are
     * complete. Returns once every zone thread has ended; the first failure in zone order is thrown.
     */
    public SyncPassResult run(CancellationToken cancel) throws SyncFailedException, CancelledException {
        long started = clock.millis();
        String outcome = "failed";
        try {
            SyncPassResult result = runZones(cancel, started);
            outcome = "ok";
            return result;
        } catch (CancelledException e) {
            outcome = "cancelled";
            throw e;
        } finally {
            zones.meters.passEnded(outcome, java.time.Duration.ofMillis(clock.millis() - started));
        }
    }

    /** Counts pages, records and pass durations in {@code meters} from now on. */
    public void recordTo(SyncMeters meters) {
        zones.meters = meters;
    }

    private SyncPassResult runZones(CancellationToken cancel, long started)
            throws SyncFailedException, CancelledException {
        Map<String, Optional<String>> chatPortals = new HashMap<>();
        try (ZoneThreads threads = new ZoneThreads()) {
            Future<ZoneSyncResult> attachments = threads.start(
                    Zone.ATTACHMENTS,
                    () -> syncZone(
                            Zone.ATTACHMENTS,
                            source::attachmentChanges,
                            this::ingestAttachments,
                            cancel,
                            ZoneSyncer.BeforeFirstPage.NONE));
            Future<ZoneSyncResult> chats = threads.start(
                    Zone.CHATS,
                    () -> syncZone(
                            Zone.CHATS,
                            source::chatChanges,
                            this::ingestChats,
                            cancel,
                            ZoneSyncer.BeforeFirstPage.NONE));
            Future<ZoneSyncResult> messages =
                    threads.start(Zone.MESSAGES, () -> syncMessages(chatPortals, attachments, chats, cancel));
            List<ZoneSyncResult> results = threads.awaitAll(List.of(attachments, chats, messages));
            return new SyncPassResult(results.get(0), results.get(1), results.get(2), clock.millis() - started);
        }
    }

    /**
     * The message zone, as a bulk load when the store offers one (an account's first sync: see
     * {@link CloudStore#beginBulkMessageLoad}). The load is applied when the zone ends, also when it failed (what was
     * fetched is kept, as a page-by-page ingest keeps it), but not when the pass is cancelled: a stopping bridge does
     * not start a long merge, and the next start resumes the load from its token.
     */
    private ZoneSyncResult syncMessages(
            Map<String, Optional<String>> chatPortals,
            Future<ZoneSyncResult> attachments,
            Future<ZoneSyncResult> chats,
            CancellationToken cancel)
            throws SyncFailedException, CancelledException {
        ZoneSyncResult result;
        try {
            result = syncZone(
                    Zone.MESSAGES, source::messageChanges, page -> ingestMessages(page, chatPortals), cancel, () -> {
                        messagesReady(attachments, chats);
                        bulkLoad = store.beginBulkMessageLoad();
                        if (bulkLoad) {
                            log.info("messages: bulk load (the cache holds no messages yet): pages are applied "
                                    + "together when the zone ends");
                        }
                    });
        } catch (SyncFailedException e) {
            finishBulkLoad();
            throw e;
        }
        finishBulkLoad();
        return result;
    }

    private void finishBulkLoad() {
        store.finishBulkMessageLoad();
        bulkLoad = false;
    }

    /**
     * Before the first message page commits: the chats are in (portals resolve), and so are this pass's
     * attachment records, which then complete the messages of earlier passes that named them too early.
     * Why messages wait for attachments: rows ingested are handed on at once (older-gap repair sends them
     * with {@code sendNow}, and after the delayed re-syncs the backfill no longer holds back messages
     * whose attachment records are missing), so a message committed before its attachment page of the
     * same pass could reach its room without the attachment. Message pages are still fetched meanwhile.
     */
    private void messagesReady(Future<ZoneSyncResult> attachments, Future<ZoneSyncResult> chats)
            throws CancelledException {
        ZoneThreads.awaitPrerequisite(attachments);
        ZoneThreads.awaitPrerequisite(chats);
        // After the chats: a chat tombstone soft-deletes messages, and this rewrites message rows it read.
        completeLateAttachments();
    }

    private <T> ZoneSyncResult syncZone(
            Zone zone,
            PageFetcher<T> fetcher,
            PageIngester<T> ingester,
            CancellationToken cancel,
            ZoneSyncer.BeforeFirstPage beforeFirstPage)
            throws SyncFailedException, CancelledException {
        try {
            return zones.sync(zone, fetcher, ingester, cancel, beforeFirstPage);
        } catch (SyncFailedException e) {
            store.recordSyncError(zone, e.getMessage());
            throw e;
        }
    }

    /**
     * Messages that named attachments before the attachment zone delivered them get their list
     * completed now, so backfill (which holds such messages back) sends them whole and in order.
     */
    private void completeLateAttachments() {
        List<MessageRow> waiting = store.messagesAwaitingAttachments(LATE_ATTACHMENT_BATCH);
        if (waiting.isEmpty()) {
            return;
        }
        List<String> guids = new ArrayList<>();
        waiting.forEach(m -> guids.addAll(m.attachmentGuids()));
        Map<String, CloudAttachment> known = store.attachmentsByGuid(guids);
        List<MessageRow> completed = new ArrayList<>();
        for (MessageRow m : waiting) {
            List<CloudAttachment> resolved = new ArrayList<>();
            for (String guid : m.attachmentGuids()) {
                CloudAttachment a = known.get(Guids.normalize(guid));
                if (a != null) {
                    resolved.add(a);
                }
            }
            if (resolved.size() > m.attachments().size()) {
                completed.add(m.withAttachments(resolved));
            }
        }
        if (!completed.isEmpty()) {
            store.ingestMessagePage(completed, List.of(), List.of(), null); // no token: only the rows change
            log.info(
                    "late attachments: completed the attachment lists of {} of {} waiting messages",
                    completed.size(),
                    waiting.size());
        }
    }

    private static final int LATE_ATTACHMENT_BATCH = 10_000;

    private long ingestAttachments(ZonePage<CloudAttachment> page) {
        store.ingestAttachmentPage(page.records(), page.deletedRecordNames(), page.rejects(), page.syncToken());
        return 0;
    }

    private long ingestChats(ZonePage<CloudChat> page) {
        List<ChatRow> rows = new ArrayList<>(page.records().size());
        List<RecordReject> rejects = new ArrayList<>(page.rejects());
        for (CloudChat chat : page.records()) {
            String portalId = resolver.resolveChat(chat);
            if (portalId.isEmpty()) {
                rejects.add(new RecordReject(Zone.CHATS, chat.recordName(), "NO_PORTAL: no usable participants", null));
                log.info("drop chat record={} reason=NO_PORTAL", chat.recordName());
                continue;
            }
            rows.add(new ChatRow(
                    chat.cloudChatId(),
                    chat.recordName(),
                    lower(chat.groupId()),
                    portalId,
                    chat.service(),
                    chat.displayName(),
                    chat.participants(),
                    chat.filtered(),
                    false));
        }
        List<String> tombstoned = store.ingestChatPage(rows, page.deletedRecordNames(), rejects, page.syncToken());
        for (String portalId : tombstoned) {
            onChatTombstone.accept(portalId);
        }
        if (page.deletedRecordNames().size() > tombstoned.size()) {
            log.info(
                    "chat tombstones: {} of {} record names matched no local chat (tombstones of chats never cached: nothing to do)",
                    page.deletedRecordNames().size() - tombstoned.size(),
                    page.deletedRecordNames().size());
        }
        return rejects.size() - page.rejects().size();
    }

    private long ingestMessages(ZonePage<CloudMessage> page, Map<String, Optional<String>> chatPortals) {
        List<String> attachmentGuids = new ArrayList<>();
        for (CloudMessage m : page.records()) {
            attachmentGuids.addAll(m.attachmentGuids());
        }
        Map<String, CloudAttachment> attachments =
                attachmentGuids.isEmpty() ? Map.of() : store.attachmentsByGuid(attachmentGuids);
        List<MessageRow> rows = new ArrayList<>(page.records().size());
        List<RecordReject> rejects = new ArrayList<>(page.rejects());
        long now = clock.millis();
        Set<String> deletedPortals = recentlyDeleted.snapshot();
        long filtered = 0;
        for (CloudMessage m : page.records()) {
            if (m.isSystemOrService()) {
                filtered++;
                log.info("drop message guid={} reason=SYSTEM_MESSAGE flags={}", m.guid(), m.flags());
                continue;
            }
            String portalId =
                    resolver.resolveMessage(m, chatId -> chatPortals.computeIfAbsent(chatId, store::chatPortalId));
            if (portalId.isEmpty()) {
                rejects.add(new RecordReject(
                        Zone.MESSAGES,
                        m.recordName(),
                        "NO_PORTAL: chat " + m.chatId() + " and sender give no conversation",
                        null));
                log.info("drop message guid={} reason=NO_PORTAL", m.guid());
                continue;
            }
            List<CloudAttachment> resolved = new ArrayList<>(m.attachmentGuids().size());
            for (String guid : m.attachmentGuids()) {
                CloudAttachment a = attachments.get(Guids.normalize(guid));
                if (a != null) {
                    resolved.add(a);
                } else {
                    log.info(
                            "message guid={} attachment={} reason=ATTACHMENT_UNKNOWN (not in the attachment zone)",
                            m.guid(),
                            guid);
                }
            }
            long ts = m.timestampMs() > 0 ? m.timestampMs() : now;
            // Re-import guard: a conversation deleted in this process stays deleted when CloudKit re-delivers it.
            boolean deleted = deletedPortals.contains(portalId);
            rows.add(new MessageRow(
                    m.guid(),
                    m.recordName(),
                    m.chatId(),
                    portalId,
                    ts,
                    m.sender(),
                    m.fromMe(),
                    m.text(),
                    m.subject(),
                    m.service(),
                    resolved,
                    m.hasBody(),
                    deleted,
                    m.attachmentGuids(),
                    m.extras()));
        }
        store.ingestMessagePage(rows, page.deletedRecordNames(), rejects, page.syncToken());
        if (bulkLoad) {
            // Nothing is bridged yet (a bulk load's condition), so there is nothing to repair, edit or redact; the
            // listeners would read the bridge's state once per page and portal for nothing.
            return rejects.size() - page.rejects().size() + filtered;
        }
        messagesIngested.accept(rows);
        if (!page.deletedRecordNames().isEmpty()) {
            messageTombstones.accept(page.deletedRecordNames());
        }
        return rejects.size() - page.rejects().size() + filtered;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(java.util.Locale.ROOT);
    }
}
