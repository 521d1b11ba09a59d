package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Derives the ground truth from a dataset's live records by applying the portal-ID rules of spec §3.10 and the
 * part rules of the wire contract. It never looks at the generator's plan, so it is an independent witness.
 */
public final class GroundTruth {

    /** The Apple epoch (2001-01-01T00:00:00Z) in Unix milliseconds. */
    static final long APPLE_EPOCH_UNIX_MS = 978_307_200_000L;

    private static final String DM = "dm";
    private static final String GROUP = "group";

    private final Dataset dataset;
    private final Set<String> ownerHandles;
    private final Map<String, PortalBuilder> portals = new TreeMap<>();
    private final Map<String, String> portalByChatId = new HashMap<>();
    private final Map<String, AttachmentRecord> attachmentsByGuid = new HashMap<>();

    private GroundTruth(Dataset dataset) {
        this.dataset = dataset;
        this.ownerHandles = Set.copyOf(dataset.ownerHandles());
    }

    public static Truth compute(Dataset dataset) {
        return new GroundTruth(dataset).build();
    }

    /** Unix milliseconds of a CloudKit {@code time} value (ns since 2001-01-01). */
    public static long unixMillis(long appleNanos) {
        return Math.floorDiv(appleNanos, 1_000_000L) + APPLE_EPOCH_UNIX_MS;
    }

    private Truth build() {
        dataset.chats().forEach(this::registerChat);
        dataset.attachments().forEach(a -> attachmentsByGuid.put(a.guid().toUpperCase(Locale.ROOT), a));
        for (MessageRecord message : newestVersionPerGuid()) {
            String portalId = portalIdForMessage(message);
            if (!portalId.isEmpty()) {
                portals.computeIfAbsent(portalId, this::portalWithoutChat).messages.add(message);
            }
        }
        List<Truth.Portal> result = new ArrayList<>();
        for (PortalBuilder builder : portals.values()) {
            Truth.Portal portal = builder.build();
            if (!portal.parts().isEmpty()) {
                result.add(portal);
            }
        }
        return new Truth(dataset.seed(), dataset.summary(), dataset.ownerHandles(), result);
    }

    /** Chat to portal ID (resolvePortalIDForCloudChat). */
    private void registerChat(ChatRecord chat) {
        List<String> participants = new ArrayList<>();
        for (String raw : chat.participants()) {
            String handle = HandleNormalizer.normalize(raw);
            if (!handle.isEmpty() && !participants.contains(handle)) {
                participants.add(handle);
            }
        }
        if (participants.isEmpty()) {
            return;
        }
        List<String> remotes = participants.stream().filter(h -> !ownerHandles.contains(h)).toList();
        String portalId;
        if (chat.isGroup() && chat.gid() != null && !chat.gid().isEmpty()) {
            portalId = "gid:" + chat.gid().toLowerCase(Locale.ROOT);
        } else if (remotes.size() == 1) {
            portalId = remotes.getFirst();
        } else if (remotes.isEmpty()) {
            portalId = participants.getFirst();
        } else {
            portalId = String.join(",", remotes.stream().sorted().toList());
        }
        portalByChatId.put(chat.cid(), portalId);
        PortalBuilder builder = portals.computeIfAbsent(portalId,
                id -> new PortalBuilder(id, chat.isGroup() ? GROUP : DM, chat.isGroup() ? chat.name() : null));
        builder.members.addAll(remotes.isEmpty() ? List.of(portalId) : remotes);
    }

    /** Message to portal ID (resolveConversationID); "" when the message cannot be placed. */
    private String portalIdForMessage(MessageRecord message) {
        String chatId = message.chatId() == null ? "" : message.chatId();
        if (HandleNormalizer.isUuid(chatId)) {
            return "gid:" + chatId.toLowerCase(Locale.ROOT);
        }
        if (!chatId.isEmpty() && portalByChatId.containsKey(chatId)) {
            return portalByChatId.get(chatId);
        }
        if (!message.fromMe() && message.sender() != null && !message.sender().isBlank()) {
            return HandleNormalizer.normalize(message.sender());
        }
        String[] parts = chatId.split(";", -1);
        if (message.fromMe() && parts.length == 3) {
            return HandleNormalizer.normalize(parts[2]);
        }
        return "";
    }

    private PortalBuilder portalWithoutChat(String portalId) {
        if (portalId.startsWith("gid:")) {
            return new PortalBuilder(portalId, GROUP, null);
        }
        PortalBuilder builder = new PortalBuilder(portalId, DM, null);
        builder.members.add(portalId);
        return builder;
    }

    /** Duplicate GUIDs (compared case-insensitively) count once: the most recently written record wins. */
    private List<MessageRecord> newestVersionPerGuid() {
        Map<String, Change> newest = new HashMap<>();
        for (Change change : dataset.zone(Zones.MESSAGES).liveChanges()) {
            MessageRecord message = (MessageRecord) change.record();
            newest.merge(message.guid().toUpperCase(Locale.ROOT), change,
                    (a, b) -> a.sequence() >= b.sequence() ? a : b);
        }
        return newest.values().stream().map(c -> (MessageRecord) c.record()).toList();
    }

    private final class PortalBuilder {

        private final String portalId;
        private final String kind;
        private final String name;
        private final Set<String> members = new LinkedHashSet<>();
        private final List<MessageRecord> messages = new ArrayList<>();

        PortalBuilder(String portalId, String kind, String name) {
            this.portalId = portalId;
            this.kind = kind;
            this.name = name;
        }

        Truth.Portal build() {
            messages.sort(Comparator.comparingLong((MessageRecord m) -> unixMillis(m.timeNs()))
                    .thenComparing(m -> m.guid().toUpperCase(Locale.ROOT)));
            List<Truth.Part> parts = new ArrayList<>();
            for (MessageRecord message : messages) {
                addParts(message, parts);
            }
            return new Truth.Portal(portalId, kind, name, List.copyOf(members), parts);
        }

        private void addParts(MessageRecord message, List<Truth.Part> parts) {
            long ts = unixMillis(message.timeNs());
            boolean fromMe = message.fromMe();
            String sender = fromMe ? dataset.ownerHandles().getFirst() : senderHandle(message.sender());
            String body = MessageBody.of(message.text(), message.subject());
            if (!body.isBlank()) {
                parts.add(Truth.Part.text(message.guid(), ts, sender, fromMe, body));
            }
            List<String> guids = message.attachmentGuids();
            for (int i = 0; i < guids.size(); i++) {
                AttachmentRecord attachment = attachmentsByGuid.get(guids.get(i).toUpperCase(Locale.ROOT));
                if (attachment != null) {
                    parts.add(Truth.Part.file(message.guid(), i, ts, sender, fromMe, attachment));
                }
            }
        }

        private String senderHandle(String raw) {
            String handle = HandleNormalizer.normalize(raw);
            return handle.isEmpty() ? (raw == null ? "" : raw) : handle;
        }
    }
}
