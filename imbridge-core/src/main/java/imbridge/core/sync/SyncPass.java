package imbridge.core.sync;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sync pass: attachments and chats first (messages need both to resolve portals and enrich
 * attachments), then messages. Records that cannot be placed are quarantined with a reason.
 */
public final class SyncPass {
    private static final Logger log = LoggerFactory.getLogger(SyncPass.class);

    private final CloudSource source;
    private final CloudStore store;
    private final PortalIdResolver resolver;
    private final ZoneSyncer zones;
    private final Clock clock;

    public SyncPass(CloudSource source, CloudStore store, PortalIdResolver resolver, SyncSettings settings,
                    Waiter waiter, Clock clock) {
        this.source = source;
        this.store = store;
        this.resolver = resolver;
        this.zones = new ZoneSyncer(store, settings, waiter);
        this.clock = clock;
    }

    public SyncPassResult run(CancellationToken cancel) throws SyncFailedException, CancelledException {
        ZoneSyncResult attachments = zones.sync(Zone.ATTACHMENTS, source::attachmentChanges, this::ingestAttachments,
                cancel);
        ZoneSyncResult chats = zones.sync(Zone.CHATS, source::chatChanges, this::ingestChats, cancel);
        Map<String, Optional<String>> chatPortals = new HashMap<>();
        ZoneSyncResult messages = zones.sync(Zone.MESSAGES, source::messageChanges,
                page -> ingestMessages(page, chatPortals), cancel);
        return new SyncPassResult(attachments, chats, messages);
    }

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
            rows.add(new ChatRow(chat.cloudChatId(), chat.recordName(), lower(chat.groupId()), portalId,
                    chat.service(), chat.displayName(), chat.participants(), chat.filtered(), false));
        }
        store.ingestChatPage(rows, page.deletedRecordNames(), rejects, page.syncToken());
        return rejects.size() - page.rejects().size();
    }

    private long ingestMessages(ZonePage<CloudMessage> page, Map<String, Optional<String>> chatPortals) {
        List<String> attachmentGuids = new ArrayList<>();
        for (CloudMessage m : page.records()) {
            attachmentGuids.addAll(m.attachmentGuids());
        }
        Map<String, CloudAttachment> attachments = attachmentGuids.isEmpty() ? Map.of()
                : store.attachmentsByGuid(attachmentGuids);
        List<MessageRow> rows = new ArrayList<>(page.records().size());
        List<RecordReject> rejects = new ArrayList<>(page.rejects());
        long now = clock.millis();
        for (CloudMessage m : page.records()) {
            String portalId = resolver.resolveMessage(m,
                    chatId -> chatPortals.computeIfAbsent(chatId, store::chatPortalId));
            if (portalId.isEmpty()) {
                rejects.add(new RecordReject(Zone.MESSAGES, m.recordName(),
                        "NO_PORTAL: chat " + m.chatId() + " and sender give no conversation", null));
                log.info("drop message guid={} reason=NO_PORTAL", m.guid());
                continue;
            }
            List<CloudAttachment> resolved = new ArrayList<>(m.attachmentGuids().size());
            for (String guid : m.attachmentGuids()) {
                CloudAttachment a = attachments.get(Guids.normalize(guid));
                if (a != null) {
                    resolved.add(a);
                } else {
                    log.info("message guid={} attachment={} reason=ATTACHMENT_UNKNOWN (not in the attachment zone)",
                            m.guid(), guid);
                }
            }
            long ts = m.timestampMs() > 0 ? m.timestampMs() : now;
            rows.add(new MessageRow(m.guid(), m.recordName(), m.chatId(), portalId, ts, m.sender(), m.fromMe(),
                    m.text(), m.subject(), m.service(), resolved, m.hasBody(), false));
        }
        store.ingestMessagePage(rows, page.deletedRecordNames(), rejects, page.syncToken());
        return rejects.size() - page.rejects().size();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(java.util.Locale.ROOT);
    }
}
