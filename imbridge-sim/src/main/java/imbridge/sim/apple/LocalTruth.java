package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.ChatShape;
import imbridge.sim.apple.AppleExportPlan.ChatTombstone;
import imbridge.sim.apple.AppleExportPlan.MessageKind;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.apple.AppleExportPlan.Placement;
import imbridge.sim.cloudkit.AssetBytes;
import imbridge.sim.cloudkit.ChatRecord;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.GroundTruth;
import imbridge.sim.cloudkit.MessageMeta;
import imbridge.sim.cloudkit.MessageRecord;
import imbridge.sim.cloudkit.Truth;
import imbridge.sim.cloudkit.Zones;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ground truth of a local Apple export: what a correct reader of the files plus the unchanged engine produce.
 * It re-expresses the plan's rows as the records a reader maps them to (GUIDs upper case, dates floored to whole
 * seconds on seconds rows, chats keyed by their guid, Recently-Deleted and orphan rows absent, tapback and reply
 * links as stored) and runs the CloudKit {@link GroundTruth} on them, so the bridging rules live in one place.
 * Attachments whose file is not on disk become {@code NOT_ON_DISK} parts; the rejected records are the writer's
 * own bad rows. With the owner's address book, a DM portal is named after its member's contact and every remote
 * handle's ghost shows the contact's name and photo ({@link SimAddressBook#expected}).
 */
public final class LocalTruth {

    public static final String NOT_ON_DISK = "NOT_ON_DISK";
    public static final String BODY_UNDECODABLE = "BODY_UNDECODABLE";
    public static final String BAD_DATE = "BAD_DATE";

    private LocalTruth() {}

    public static Truth compute(AppleExportPlan plan, SimAddressBook contacts) {
        Truth bridged = GroundTruth.compute(readerView(plan), notOnDisk(plan));
        List<Truth.Portal> portals =
                bridged.portals().stream().map(p -> named(p, contacts)).toList();
        return new Truth(
                bridged.seed(),
                bridged.dataset(),
                bridged.ownerHandles(),
                portals,
                bridged.deletedPortals(),
                rejected(plan),
                ghosts(portals, contacts));
    }

    /** A DM room carries its contact's name (null without a named contact); groups keep theirs. */
    private static Truth.Portal named(Truth.Portal portal, SimAddressBook contacts) {
        if (!portal.kind().equals("dm") || portal.members().isEmpty()) {
            return portal;
        }
        return new Truth.Portal(
                portal.portalId(),
                portal.kind(),
                contacts.expected(portal.members().getFirst()).contactName(),
                portal.members(),
                portal.parts());
    }

    /**
     * Every handle a correct bridge makes a ghost for (members, senders of others' messages; the owner's own handle
     * when it is a note-to-self DM's member), sorted, with its profile.
     */
    private static List<Truth.Ghost> ghosts(List<Truth.Portal> portals, SimAddressBook contacts) {
        java.util.SortedSet<String> handles = new java.util.TreeSet<>();
        for (Truth.Portal portal : portals) {
            handles.addAll(portal.members());
            portal.parts().stream()
                    .filter(p -> !p.fromMe())
                    .map(Truth.Part::sender)
                    .forEach(handles::add);
        }
        handles.removeIf(h -> h == null || h.isBlank());
        return handles.stream()
                .map(h -> {
                    SimAddressBook.Expected expected = contacts.expected(h);
                    return new Truth.Ghost(
                            h,
                            expected.displayName(),
                            expected.photo() == null ? null : AssetBytes.sha256Hex(expected.photo()));
                })
                .toList();
    }

    /** The plan's rows as the records a correct reader hands to the engine. */
    static Dataset readerView(AppleExportPlan plan) {
        Dataset.Builder view = Dataset.builder(plan.seed()).summary(plan.summary());
        plan.chats().forEach(chat -> view.add(chatRecord(chat.shape())));
        for (ChatTombstone tombstone : plan.deletedChats()) {
            view.add(chatRecord(tombstone.chat()));
            view.tombstone(Zones.CHATS, tombstone.chat().guid());
        }
        plan.attachments().forEach(a -> view.add(a.record()));
        for (MessageRow row : plan.messages()) {
            if (row.kind() == MessageKind.DATASET && row.placement() == Placement.CHAT) {
                view.add(messageRecord(plan, row));
            }
        }
        return view.build();
    }

    private static ChatRecord chatRecord(ChatShape shape) {
        return new ChatRecord(
                shape.guid(),
                shape.guid(),
                shape.isGroup() ? shape.groupId() : null,
                shape.style(),
                shape.serviceName(),
                shape.displayName().isEmpty() ? null : shape.displayName(),
                shape.participantIds(),
                shape.filtered() ? 1 : 0,
                shape.guid());
    }

    private static MessageRecord messageRecord(AppleExportPlan plan, MessageRow row) {
        MessageRecord source = row.record();
        MessageMeta meta = source.meta();
        ChatShape chat = plan.chat(row.chatRowid()).shape();
        String chatId = chat.isGroup() && chat.groupId() != null ? chat.groupId() : chat.guid();
        String sender = source.fromMe()
                ? HandleIds.OWNER_ID
                : row.handleRowid() == 0 ? "" : plan.handle(row.handleRowid()).id();
        long timeNs = row.secondsDate()
                ? Math.floorDiv(source.timeNs(), MessageColumns.NS_PER_SECOND) * MessageColumns.NS_PER_SECOND
                : source.timeNs();
        List<String> attachments = row.attachmentRowids().stream()
                .map(plan::attachment)
                .map(a -> a.record().guid())
                .toList();
        String reply = row.links().threadOriginatorGuid() == null
                ? null
                : "r:" + firstNumber(row.links().threadOriginatorPart()) + ":"
                        + row.links().threadOriginatorGuid();
        MessageMeta readerMeta = new MessageMeta(
                meta.assocType(),
                row.links().associatedGuid(),
                meta.assocType() != null && meta.assocType() % 1000 == 6 ? meta.assocEmoji() : null,
                reply,
                meta.unsent(),
                meta.editedAtNs(),
                meta.dateReadNs());
        return new MessageRecord(
                row.guid(),
                row.guid(),
                chatId,
                sender,
                timeNs,
                source.flags(),
                row.bodyText(),
                source.subject(),
                attachments,
                row.service(),
                0,
                readerMeta);
    }

    private static String firstNumber(String part) {
        int colon = part.indexOf(':');
        return colon < 0 ? part : part.substring(0, colon);
    }

    private static java.util.function.Function<String, String> notOnDisk(AppleExportPlan plan) {
        Set<String> missing = new HashSet<>();
        plan.attachments().stream()
                .filter(a -> !a.onDisk())
                .map(AttachmentRow::record)
                .forEach(r -> missing.add(r.recordName()));
        return recordName -> missing.contains(recordName) ? NOT_ON_DISK : null;
    }

    private static List<Truth.Rejected> rejected(AppleExportPlan plan) {
        return plan.messages().stream()
                .filter(m -> m.kind() == MessageKind.BAD_BODY || m.kind() == MessageKind.BAD_DATE)
                .map(m -> new Truth.Rejected(
                        Zones.MESSAGES, m.guid(), m.kind() == MessageKind.BAD_BODY ? BODY_UNDECODABLE : BAD_DATE))
                .toList();
    }
}
