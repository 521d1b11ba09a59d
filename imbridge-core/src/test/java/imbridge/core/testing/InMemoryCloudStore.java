package imbridge.core.testing;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.Guids;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A fake of the CloudStore port for unit tests of the engine (the real one is tested in imbridge-store). */
public final class InMemoryCloudStore implements CloudStore {
    public final Map<Zone, String> tokens = new EnumMap<>(Zone.class);
    public final Map<String, CloudAttachment> attachments = new HashMap<>();
    public final Map<String, ChatRow> chats = new HashMap<>();
    public final Map<String, MessageRow> messages = new TreeMap<>();
    public final List<RecordReject> rejects = new ArrayList<>();
    public final List<String> tokenWrites = new ArrayList<>();

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
    public synchronized void ingestAttachmentPage(List<CloudAttachment> list, List<String> deleted,
                                                  List<RecordReject> rej, String newToken) {
        list.forEach(a -> attachments.put(Guids.normalize(a.guid()), a));
        rejects.addAll(rej);
        token(Zone.ATTACHMENTS, newToken);
    }

    @Override
    public synchronized void ingestChatPage(List<ChatRow> list, List<String> deleted, List<RecordReject> rej,
                                            String newToken) {
        list.forEach(c -> chats.put(c.cloudChatId(), c));
        rejects.addAll(rej);
        token(Zone.CHATS, newToken);
    }

    @Override
    public synchronized void ingestMessagePage(List<MessageRow> list, List<String> deleted, List<RecordReject> rej,
                                               String newToken) {
        list.forEach(m -> messages.put(m.guidNorm(), m));
        rejects.addAll(rej);
        token(Zone.MESSAGES, newToken);
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

    @Override
    public synchronized Optional<String> chatPortalId(String id) {
        return chats.values().stream().filter(c -> c.cloudChatId().equals(id) || c.recordName().equals(id)
                || c.groupId().equalsIgnoreCase(id)).map(ChatRow::portalId).findFirst();
    }

    @Override
    public synchronized Optional<ChatRow> chatForPortal(String portalId) {
        return chats.values().stream().filter(c -> c.portalId().equals(portalId)).findFirst();
    }

    @Override
    public synchronized List<PortalCandidate> portalCandidates() {
        Map<String, long[]> byPortal = new HashMap<>();
        for (MessageRow m : messages.values()) {
            long[] v = byPortal.computeIfAbsent(m.portalId(), p -> new long[2]);
            v[0] = Math.max(v[0], m.timestampMs());
            v[1]++;
        }
        return byPortal.entrySet().stream().map(e -> new PortalCandidate(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingLong(PortalCandidate::newestTimestampMs).reversed()).toList();
    }

    @Override
    public synchronized List<MessageRow> messagesAfter(String portalId, BackfillCursor cursor, int limit) {
        return messages.values().stream().filter(m -> m.portalId().equals(portalId) && !m.deleted())
                .filter(m -> m.timestampMs() > cursor.timestampMs()
                        || m.timestampMs() == cursor.timestampMs() && m.guidNorm().compareTo(cursor.guidNorm()) > 0)
                .sorted(Comparator.comparingLong(MessageRow::timestampMs).thenComparing(MessageRow::guidNorm))
                .limit(limit).toList();
    }

    @Override
    public synchronized long rejectCount() {
        return rejects.size();
    }
}
