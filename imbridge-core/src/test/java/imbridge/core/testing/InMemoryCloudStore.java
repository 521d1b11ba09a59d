package imbridge.core.testing;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.Guids;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import imbridge.core.port.CloudStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fake of the CloudStore port for unit tests of the engine. It runs the SQL stores' port-level contracts
 * (imbridge-store's {@code InMemory*ContractTest}), so a rule the real store keeps cannot be missing here.
 */
public final class InMemoryCloudStore implements CloudStore {
    public final Map<Zone, String> tokens = new EnumMap<>(Zone.class);
    public final Map<String, CloudAttachment> attachments = new HashMap<>();
    public final Map<String, ChatRow> chats = new LinkedHashMap<>();
    private final Set<String> tombstonedAttachments = new HashSet<>();
    public final Map<String, MessageRow> messages = new TreeMap<>();
    public final List<RecordReject> rejects = new ArrayList<>();
    public final List<String> tokenWrites = new ArrayList<>();
    private int statisticsRefreshes;

    @Override
    public synchronized Optional<String> syncToken(Zone zone) {
        return Optional.ofNullable(tokens.get(zone));
    }

    private void token(Zone zone, String token) {
        if (token != null) {
            tokens.put(zone, token);
            tokenWrites.add(zone + ":" + token);
        }
    }

    @Override
    public synchronized void ingestAttachmentPage(
            List<CloudAttachment> list, List<String> deleted, List<RecordReject> rej, String newToken) {
        list.forEach(a -> {
            if (!tombstonedAttachments.contains(a.recordName())) {
                attachments.put(Guids.normalize(a.guid()), a);
            }
        });
        tombstonedAttachments.addAll(deleted);
        attachments.values().removeIf(a -> deleted.contains(a.recordName()));
        addRejects(rej);
        token(Zone.ATTACHMENTS, newToken);
    }

    @Override
    public synchronized List<String> ingestChatPage(
            List<ChatRow> list, List<String> deleted, List<RecordReject> rej, String newToken) {
        list.forEach(this::upsertChat);
        List<String> portals = new ArrayList<>();
        chats.values().removeIf(c -> {
            if (!c.recordName().isEmpty() && deleted.contains(c.recordName())) {
                portals.add(c.portalId());
                return true;
            }
            return false;
        });
        portals.forEach(this::softDeletePortal);
        addRejects(rej);
        token(Zone.CHATS, newToken);
        return portals;
    }

    /**
     * As the SQL store: a re-delivered chat keeps its deleted flag; the group ID is kept lower-case, a missing
     * record name as empty; every write moves the chat to the end (newest update last).
     */
    private void upsertChat(ChatRow c) {
        ChatRow old = chats.remove(c.cloudChatId());
        chats.put(
                c.cloudChatId(),
                new ChatRow(
                        c.cloudChatId(),
                        c.recordName() == null ? "" : c.recordName(),
                        c.groupId() == null ? null : c.groupId().toLowerCase(Locale.ROOT),
                        c.portalId(),
                        c.service(),
                        c.displayName(),
                        c.participants(),
                        c.filtered(),
                        old == null ? c.deleted() : old.deleted()));
    }

    /** Newest rejects first, as the SQL store lists them; a record is quarantined once per zone. */
    private void addRejects(List<RecordReject> rej) {
        for (RecordReject r : rej) {
            rejects.removeIf(old -> old.zone() == r.zone() && old.recordName().equals(r.recordName()));
            rejects.addFirst(r);
        }
    }

    public final Map<String, Integer> markers = new HashMap<>();
    public final List<String> errors = new ArrayList<>();

    @Override
    public synchronized void recordSyncError(Zone zone, String error) {
        errors.add(zone + ":" + error);
    }

    @Override
    public synchronized void clearSyncToken(Zone zone) {
        tokens.remove(zone);
    }

    @Override
    public synchronized void clearSyncTokens() {
        tokens.clear();
        markers.remove("_chat_version");
    }

    @Override
    public synchronized boolean hasAnySyncState() {
        return !tokens.isEmpty() || !markers.isEmpty() || !errors.isEmpty();
    }

    @Override
    public synchronized int versionMarker(String name) {
        validateMarker(name);
        return markers.getOrDefault(name, 0);
    }

    @Override
    public synchronized void setVersionMarker(String name, int value) {
        validateMarker(name);
        markers.put(name, value);
    }

    /** As the SQL store: markers are pseudo-zones, so they can never shadow a zone's token. */
    private static void validateMarker(String name) {
        if (name == null || name.length() < 2 || name.charAt(0) != '_') {
            throw new IllegalArgumentException("version marker names start with '_' (e.g. _version), got: " + name);
        }
    }

    @Override
    public synchronized void clearAllData() {
        tokens.clear();
        markers.clear();
        errors.clear();
        attachments.clear();
        tombstonedAttachments.clear();
        chats.clear();
        messages.clear();
        rejects.clear();
    }

    @Override
    public synchronized void softDeletePortal(String portalId) {
        chats.replaceAll((k, c) -> c.portalId().equals(portalId)
                ? new ChatRow(
                        c.cloudChatId(),
                        c.recordName(),
                        c.groupId(),
                        c.portalId(),
                        c.service(),
                        c.displayName(),
                        c.participants(),
                        c.filtered(),
                        true)
                : c);
        messages.replaceAll((k, m) -> m.portalId().equals(portalId) ? deleted(m) : m);
    }

    /** As the SQL upsert: the record's content wins, but deletion and unsend are sticky and the read time only moves on. */
    private static MessageRow redelivered(MessageRow old, MessageRow neu) {
        MessageExtras o = old.extras();
        MessageExtras n = neu.extras();
        MessageExtras extras = new MessageExtras(
                n.tapbackType(),
                n.tapbackTargetGuid(),
                n.tapbackEmoji(),
                n.replyToGuid(),
                o.unsent() || n.unsent(),
                n.editedAtMs(),
                Math.max(o.dateReadMs(), n.dateReadMs()),
                n.msgType(),
                n.targetPart(),
                n.layout());
        return new MessageRow(
                neu.guid(),
                neu.recordName(),
                neu.chatId(),
                neu.portalId(),
                neu.timestampMs(),
                neu.sender(),
                neu.fromMe(),
                neu.text(),
                neu.subject(),
                neu.service(),
                neu.attachments(),
                neu.hasBody(),
                old.deleted() || neu.deleted(),
                neu.attachmentGuids(),
                extras);
    }

    private static MessageRow deleted(MessageRow m) {
        return new MessageRow(
                m.guid(),
                m.recordName(),
                m.chatId(),
                m.portalId(),
                m.timestampMs(),
                m.sender(),
                m.fromMe(),
                m.text(),
                m.subject(),
                m.service(),
                m.attachments(),
                m.hasBody(),
                true,
                m.attachmentGuids(),
                m.extras());
    }

    @Override
    public synchronized int pruneAttachmentCache() {
        return 0;
    }

    /** Nothing to gather in memory; counted so tests can see when the sync asked for it. */
    @Override
    public synchronized void refreshStatistics() {
        statisticsRefreshes++;
    }

    public synchronized int statisticsRefreshes() {
        return statisticsRefreshes;
    }

    @Override
    public synchronized int purgeSoftDeletedOrphans() {
        int before = messages.size();
        messages.values()
                .removeIf(m -> m.deleted()
                        && chats.values().stream().noneMatch(c -> c.portalId().equals(m.portalId())));
        return before - messages.size();
    }

    @Override
    public synchronized List<RecordReject> rejects(int limit) {
        return rejects.stream().limit(limit).toList();
    }

    @Override
    public synchronized void ingestMessagePage(
            List<MessageRow> list, List<String> deleted, List<RecordReject> rej, String newToken) {
        for (MessageRow m : list) {
            if (m == null || m.guid() == null || m.guid().isBlank()) {
                throw new IllegalArgumentException("message row without a GUID: " + m);
            }
        }
        list.forEach(m -> messages.merge(m.guidNorm(), m, InMemoryCloudStore::redelivered));
        deleted.forEach(name -> messages.replaceAll(
                (k, m) -> k.equalsIgnoreCase(name) || !name.isEmpty() && name.equals(m.recordName()) ? deleted(m) : m));
        addRejects(rej);
        token(Zone.MESSAGES, newToken);
    }

    @Override
    public synchronized List<MessageRow> messagesAwaitingAttachments(int limit) {
        return messages.values().stream()
                .filter(m -> !m.deleted() && m.attachmentsIncomplete())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Map<String, CloudAttachment> attachmentsByGuid(Collection<String> guids) {
        Map<String, CloudAttachment> out = new HashMap<>();
        guids.forEach(g -> {
            CloudAttachment a = attachments.get(Guids.normalize(g));
            if (a != null) {
                out.put(Guids.normalize(g), a);
            }
        });
        return out;
    }

    /** The exact chat identifier first, then the record name, then the group ID; then a DM identifier's handle. */
    @Override
    public synchronized Optional<String> chatPortalId(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Optional<String> direct = portalOf(id);
        int separator = id.indexOf(";-;");
        if (direct.isPresent() || separator < 0) {
            return direct;
        }
        String handle = id.substring(separator + 3);
        return handle.isBlank() ? Optional.empty() : portalOf(handle);
    }

    private Optional<String> portalOf(String id) {
        List<ChatRow> newestFirst = new ArrayList<>(chats.values())
                .reversed().stream().filter(c -> !c.deleted()).toList();
        String group = id.toLowerCase(Locale.ROOT);
        return newestFirst.stream()
                .filter(c -> c.cloudChatId().equals(id))
                .findFirst()
                .or(() -> newestFirst.stream()
                        .filter(c -> !c.recordName().isEmpty() && c.recordName().equals(id))
                        .findFirst())
                .or(() -> newestFirst.stream()
                        .filter(c -> c.groupId() != null && c.groupId().equals(group))
                        .findFirst())
                .map(ChatRow::portalId);
    }

    @Override
    public synchronized Optional<ChatRow> chatForPortal(String portalId) {
        return new ArrayList<>(chats.values())
                .reversed().stream()
                        .filter(c -> !c.deleted() && c.portalId().equals(portalId))
                        .findFirst();
    }

    @Override
    public synchronized long portalMessageCount(String portalId) {
        return messages.values().stream()
                .filter(m -> !m.deleted() && portalId.equals(m.portalId()))
                .count();
    }

    @Override
    public synchronized List<PortalCandidate> portalCandidates() {
        Map<String, long[]> byPortal = new HashMap<>();
        for (MessageRow m : messages.values()) {
            if (m.deleted() || m.portalId() == null) {
                continue;
            }
            long[] v = byPortal.computeIfAbsent(m.portalId(), p -> new long[2]);
            v[0] = Math.max(v[0], m.timestampMs());
            v[1]++;
        }
        byPortal.keySet().removeIf(portal -> {
            List<ChatRow> ofPortal = chats.values().stream()
                    .filter(c -> c.portalId().equals(portal))
                    .toList();
            return !ofPortal.isEmpty() && ofPortal.stream().allMatch(c -> c.filtered() || c.deleted());
        });
        return byPortal.entrySet().stream()
                .map(e -> new PortalCandidate(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingLong(PortalCandidate::newestTimestampMs)
                        .reversed())
                .toList();
    }

    @Override
    public synchronized List<MessageRow> messagesAfter(String portalId, BackfillCursor cursor, int limit) {
        return messages.values().stream()
                .filter(m -> portalId.equals(m.portalId()) && !m.deleted())
                .filter(m -> m.timestampMs() > cursor.timestampMs()
                        || m.timestampMs() == cursor.timestampMs()
                                && m.guidNorm().compareTo(cursor.guidNorm()) > 0)
                .sorted(Comparator.comparingLong(MessageRow::timestampMs).thenComparing(MessageRow::guidNorm))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<MessageRow> tapbacksTargeting(String portalId, String targetGuid) {
        String target = Guids.normalize(targetGuid.trim());
        return messages.values().stream()
                .filter(m -> portalId.equals(m.portalId()) && !m.deleted())
                .filter(m -> m.extras().tapbackType() != null)
                .filter(m -> Guids.normalize(m.extras().tapbackTarget().trim()).equals(target))
                .sorted(Comparator.comparingLong(MessageRow::timestampMs).thenComparing(MessageRow::guidNorm))
                .toList();
    }

    @Override
    public synchronized List<MessageRow> messagesBefore(String portalId, BackfillCursor before, int limit) {
        Objects.requireNonNull(portalId, "portalId");
        Objects.requireNonNull(before, "before");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return messages.values().stream()
                .filter(m -> portalId.equals(m.portalId()) && !m.deleted())
                .filter(m -> m.timestampMs() < before.timestampMs()
                        || m.timestampMs() == before.timestampMs()
                                && m.guidNorm().compareTo(before.guidNorm()) < 0)
                .sorted(Comparator.comparingLong(MessageRow::timestampMs)
                        .thenComparing(MessageRow::guidNorm)
                        .reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized long rejectCount() {
        return rejects.size();
    }

    @Override
    public synchronized Optional<MessageRow> messageByGuid(String guid) {
        return guid == null ? Optional.empty() : Optional.ofNullable(messages.get(Guids.normalize(guid)));
    }

    @Override
    public synchronized boolean portalHasOnlyDeletedMessages(String portalId) {
        List<MessageRow> ofPortal = messages.values().stream()
                .filter(m -> portalId.equals(m.portalId()))
                .toList();
        return !ofPortal.isEmpty() && ofPortal.stream().allMatch(MessageRow::deleted);
    }
}
