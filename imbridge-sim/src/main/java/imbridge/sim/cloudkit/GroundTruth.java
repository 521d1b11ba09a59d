package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Derives the ground truth from a dataset's records by applying the portal-ID rules of behaviour.md §3.10 and the
 * part rules of the wire contract. It never looks at the generator's plan, so it is an independent witness.
 *
 * <p>Content rules: malformed records count for nothing (they are listed as rejected); a portal with a filtered
 * (junk) chat record is not bridged; a portal whose chat record was tombstoned is deleted; unsent,
 * system and service messages produce no parts; tapbacks produce the reactions still standing at the end
 * ({@link TapbackReactions}).
 */
public final class GroundTruth {

    /** The Apple epoch (2001-01-01T00:00:00Z) in Unix milliseconds. */
    static final long APPLE_EPOCH_UNIX_MS = 978_307_200_000L;

    private static final String DM = "dm";
    private static final String GROUP = "group";

    private final Dataset dataset;
    private final Dataset.Snapshot snapshot;
    private final Set<String> ownerHandles;
    private final Map<String, PortalBuilder> portals = new TreeMap<>();
    private final Map<String, String> portalByChatId = new HashMap<>();
    private final Map<String, AttachmentRecord> attachmentsByGuid = new HashMap<>();
    private final Set<String> filteredPortals = new HashSet<>();
    private final Set<String> deletedPortals = new TreeSet<>();
    private final Function<String, String> brokenReason;

    private GroundTruth(Dataset dataset, Function<String, String> brokenReason) {
        this.dataset = dataset;
        this.brokenReason = brokenReason;
        this.snapshot = dataset.snapshot();
        this.ownerHandles = Set.copyOf(dataset.ownerHandles());
    }

    public static Truth compute(Dataset dataset) {
        return new GroundTruth(dataset, null).build();
    }

    /** With asset faults on, file parts of permanently broken assets carry their {@code brokenReason}. */
    public static Truth compute(Dataset dataset, AssetFaults assetFaults) {
        return new GroundTruth(dataset, assetFaults == null ? null : assetFaults::brokenReason).build();
    }

    /**
     * With {@code brokenReason} (attachment record name to reason, or null), file parts of assets a bridge can
     * never get carry that {@code brokenReason}; the local Apple export uses it for files not on disk.
     */
    public static Truth compute(Dataset dataset, Function<String, String> brokenReason) {
        return new GroundTruth(dataset, brokenReason).build();
    }

    /** The live attachment records behind the expected file parts of one portal, in part order. */
    public static List<AttachmentRecord> portalAttachments(Dataset dataset, String portalId) {
        GroundTruth truth = new GroundTruth(dataset, null);
        truth.build();
        PortalBuilder builder = truth.portals.get(portalId);
        return builder == null ? List.of() : List.copyOf(builder.attachments);
    }

    /** Unix milliseconds of a CloudKit {@code time} value (ns since 2001-01-01). */
    public static long unixMillis(long appleNanos) {
        return Math.floorDiv(appleNanos, 1_000_000L) + APPLE_EPOCH_UNIX_MS;
    }

    private Truth build() {
        snapshot.live(Zones.CHATS, ChatRecord.class).forEach(this::registerChat);
        collectDeletedPortals();
        for (AttachmentRecord attachment : snapshot.live(Zones.ATTACHMENTS, AttachmentRecord.class)) {
            attachmentsByGuid.put(attachment.guid().toUpperCase(Locale.ROOT), attachment);
        }
        for (MessageRecord message : newestVersionPerGuid()) {
            if (message.isSystemOrService() || message.meta().unsent()) {
                continue; // tapbacks stay: they become reactions (TapbackReactions)
            }
            String portalId = portalIdForMessage(message);
            if (!portalId.isEmpty() && !filteredPortals.contains(portalId) && !deletedPortals.contains(portalId)) {
                portals.computeIfAbsent(portalId, this::portalWithoutChat)
                        .messages
                        .add(message);
            }
        }
        List<Truth.Portal> result = new ArrayList<>();
        for (PortalBuilder builder : portals.values()) {
            Truth.Portal portal = builder.build();
            if (!portal.parts().isEmpty()) {
                result.add(portal);
            }
        }
        return new Truth(
                dataset.seed(),
                dataset.summary(),
                dataset.ownerHandles(),
                result,
                List.copyOf(deletedPortals),
                rejectedRecords());
    }

    /** Chat to portal ID (resolvePortalIDForCloudChat); "" when no participant normalises. */
    private String portalIdForChat(ChatRecord chat) {
        List<String> participants = participants(chat);
        if (participants.isEmpty()) {
            return "";
        }
        List<String> remotes =
                participants.stream().filter(h -> !ownerHandles.contains(h)).toList();
        if (chat.isGroup() && chat.gid() != null && !chat.gid().isEmpty()) {
            return "gid:" + chat.gid().toLowerCase(Locale.ROOT);
        }
        if (remotes.size() == 1) {
            return remotes.getFirst();
        }
        if (remotes.isEmpty()) {
            return participants.getFirst();
        }
        return String.join(",", remotes.stream().sorted().toList());
    }

    private static List<String> participants(ChatRecord chat) {
        List<String> participants = new ArrayList<>();
        for (String raw : chat.participants()) {
            String handle = HandleNormalizer.normalize(raw);
            if (!handle.isEmpty() && !participants.contains(handle)) {
                participants.add(handle);
            }
        }
        return participants;
    }

    private void registerChat(ChatRecord chat) {
        String portalId = portalIdForChat(chat);
        if (portalId.isEmpty()) {
            return;
        }
        portalByChatId.put(chat.cid(), portalId);
        if (chat.filter() != 0) {
            filteredPortals.add(portalId);
        }
        List<String> remotes = participants(chat).stream()
                .filter(h -> !ownerHandles.contains(h))
                .toList();
        PortalBuilder builder = portals.computeIfAbsent(
                portalId,
                id -> new PortalBuilder(id, chat.isGroup() ? GROUP : DM, chat.isGroup() ? chat.name() : null));
        builder.members.addAll(remotes.isEmpty() ? List.of(portalId) : remotes);
    }

    /**
     * A chat record whose newest change is a tombstone deletes the portal its last live version resolved to.
     * Tombstones of records never seen (or of malformed ones, which no bridge could resolve) delete nothing.
     */
    private void collectDeletedPortals() {
        Map<String, Change> lastVersion = new HashMap<>();
        Set<String> tombstoned = new HashSet<>();
        for (Change change : snapshot.history(Zones.CHATS)) {
            if (change.deleted()) {
                tombstoned.add(change.recordName());
            } else {
                tombstoned.remove(change.recordName());
                lastVersion.put(change.recordName(), change);
            }
        }
        for (String recordName : tombstoned) {
            Change last = lastVersion.get(recordName);
            if (last != null && last.record() instanceof ChatRecord chat) {
                String portalId = portalIdForChat(chat);
                if (!portalId.isEmpty()) {
                    deletedPortals.add(portalId);
                }
            }
        }
    }

    private List<Truth.Rejected> rejectedRecords() {
        List<Truth.Rejected> rejected = new ArrayList<>();
        for (String zone : List.of(Zones.CHATS, Zones.MESSAGES, Zones.ATTACHMENTS)) {
            for (MalformedRecord record : snapshot.live(zone, MalformedRecord.class)) {
                rejected.add(new Truth.Rejected(zone, record.recordName(), record.reason()));
            }
        }
        return rejected;
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
        for (Change change : snapshot.liveChanges(Zones.MESSAGES)) {
            if (!(change.record() instanceof MessageRecord message)) {
                continue;
            }
            newest.merge(
                    message.guid().toUpperCase(Locale.ROOT), change, (a, b) -> a.sequence() >= b.sequence() ? a : b);
        }
        return newest.values().stream().map(c -> (MessageRecord) c.record()).toList();
    }

    private final class PortalBuilder {

        private final String portalId;
        private final String kind;
        private final String name;
        private final Set<String> members = new LinkedHashSet<>();
        private final List<MessageRecord> messages = new ArrayList<>();
        private final List<AttachmentRecord> attachments = new ArrayList<>();

        PortalBuilder(String portalId, String kind, String name) {
            this.portalId = portalId;
            this.kind = kind;
            this.name = name;
        }

        Truth.Portal build() {
            messages.sort(Comparator.comparingLong((MessageRecord m) -> unixMillis(m.timeNs()))
                    .thenComparing(m -> m.guid().toUpperCase(Locale.ROOT)));
            List<Truth.Part> parts = new ArrayList<>();
            Map<String, String> firstPartOf = new HashMap<>(); // GUID (upper case) -> its first part
            TapbackReactions reactions = new TapbackReactions();
            for (MessageRecord message : messages) {
                if (message.meta().isTapback()) {
                    Truth.Part reaction = reactions.apply(
                            message,
                            unixMillis(message.timeNs()),
                            senderOf(message),
                            target -> isReplyAnchor(firstPartOf.get(target)));
                    if (reaction != null) {
                        parts.add(reaction);
                    }
                    continue;
                }
                int first = parts.size();
                addParts(message, parts);
                if (parts.size() > first) {
                    firstPartOf.put(
                            message.guid().toUpperCase(Locale.ROOT),
                            parts.get(first).part());
                    String target = replyTarget(message);
                    if (target != null && isReplyAnchor(firstPartOf.get(target.toUpperCase(Locale.ROOT)))) {
                        parts.set(first, parts.get(first).withReplyTo(target));
                    }
                }
            }
            parts.removeIf(p -> p.key() != null && !reactions.stands(p));
            return new Truth.Portal(portalId, kind, name, List.copyOf(members), parts);
        }

        private String senderOf(MessageRecord message) {
            return message.fromMe() ? dataset.ownerHandles().getFirst() : senderHandle(message.sender());
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
                    attachments.add(attachment);
                    String broken = brokenReason == null ? null : brokenReason.apply(attachment.recordName());
                    parts.add(Truth.Part.file(message.guid(), i, ts, sender, fromMe, attachment, broken));
                }
            }
        }

        /** The GUID a reply answers ({@code r:<part>:<guid>}: what follows the second ':'), or null. */
        private static String replyTarget(MessageRecord message) {
            String reply = message.meta().replyGuid();
            if (reply == null) {
                return null;
            }
            int colon = reply.indexOf(':', reply.indexOf(':') + 1);
            String guid = colon >= 0 ? reply.substring(colon + 1) : reply;
            return guid.isEmpty() ? null : guid;
        }

        /** A bridge points a reply at the target's {@code text} part, else its {@code att0}: only those anchor one. */
        private static boolean isReplyAnchor(String firstPart) {
            return "text".equals(firstPart) || "att0".equals(firstPart);
        }

        private String senderHandle(String raw) {
            String handle = HandleNormalizer.normalize(raw);
            return handle.isEmpty() ? (raw == null ? "" : raw) : handle;
        }
    }
}
