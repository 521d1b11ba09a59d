package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.apple.AppleExportPlan.ChatRow;
import imbridge.sim.apple.AppleExportPlan.Eras;
import imbridge.sim.apple.AppleExportPlan.Formatting;
import imbridge.sim.apple.AppleExportPlan.Links;
import imbridge.sim.apple.AppleExportPlan.MessageKind;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.apple.AppleExportPlan.Placement;
import imbridge.sim.apple.AppleExportPlan.SystemEvent;
import imbridge.sim.cloudkit.MessageMeta;
import imbridge.sim.cloudkit.MessageRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code message} rows of the dataset's placed messages (contract "Messages"): sender handle, service, date
 * unit, body style, formatting, tapback and reply links, group events, and the ~1 % that sit in Recently Deleted.
 */
final class MessageRows {

    static final double FORMATTED_PERCENT = 5;
    static final double RECENTLY_DELETED_SHARE = 0.01;
    static final String DEFAULT_GROUP_TITLE = "Weekend plans";
    private static final String TAPBACK_SUMMARY = "Reacted to a message";

    private final long seed;
    private final Eras eras;
    private final HandleTable handles;
    private final Map<String, ChatRow> chatByKey;
    private final Map<String, AttachmentRow> attachmentByGuid = new HashMap<>();
    private final List<MessageRecord> placed;
    private final Map<String, MessageRecord> byGuid = new HashMap<>();
    private final AppleExportPlan previous;

    MessageRows(
            long seed,
            Eras eras,
            HandleTable handles,
            Map<String, ChatRow> chatByKey,
            List<AttachmentRow> attachments,
            List<MessageRecord> placed,
            AppleExportPlan previous) {
        this.seed = seed;
        this.eras = eras;
        this.handles = handles;
        this.chatByKey = chatByKey;
        this.placed = placed;
        this.previous = previous;
        attachments.forEach(
                a -> attachmentByGuid.put(ExportPlanner.upper(a.record().guid()), a));
        placed.forEach(m -> byGuid.put(ExportPlanner.upper(m.guid()), m));
    }

    /** @param chatKeys the chat each placed message joins (same order as the placed messages) */
    List<MessageRow> rows(List<String> chatKeys, RowIds ids) {
        Set<String> recentlyDeleted = recentlyDeleted(chatKeys);
        List<MessageRow> rows = new ArrayList<>(placed.size());
        for (int i = 0; i < placed.size(); i++) {
            MessageRecord message = placed.get(i);
            ChatRow chat = Objects.requireNonNull(chatByKey.get(chatKeys.get(i)), chatKeys.get(i));
            String guid = ExportPlanner.upper(message.guid());
            rows.add(row(
                    message,
                    guid,
                    ids.idFor(guid),
                    chat,
                    recentlyDeleted.contains(guid) ? Placement.RECENTLY_DELETED : Placement.CHAT));
        }
        return rows;
    }

    private MessageRow row(MessageRecord message, String guid, long rowid, ChatRow chat, Placement placement) {
        long handle;
        if (message.fromMe()) {
            handle = chat.isGroup() || chat.handleRowids().isEmpty()
                    ? 0
                    : chat.handleRowids().getFirst();
        } else {
            String sender = HandleIds.of(message.sender());
            handle = sender.isEmpty() ? 0 : handles.rowid(sender, chat.shape().handleService());
        }
        List<Long> attachments = message.attachmentGuids().stream()
                .map(g -> attachmentByGuid.get(ExportPlanner.upper(g)))
                .filter(Objects::nonNull)
                .map(AttachmentRow::rowid)
                .toList();
        String text = bodyText(message);
        Formatting formatting = formatting(seed, message, guid, text, chat);
        return new MessageRow(
                rowid,
                guid,
                MessageKind.DATASET,
                message,
                chat.rowid(),
                placement,
                handle,
                chat.key().startsWith("S:") ? "SMS" : message.service(),
                message.timeNs() < eras.secondsBeforeNs(),
                message.timeNs() < eras.olderStyleBeforeNs(),
                text,
                attachments,
                formatting,
                mentionOf(formatting, chat),
                links(message),
                systemEvent(message, chat));
    }

    /** The text part as the body holds it: U+FFFC removed; tapbacks get a summary; events and unsends none. */
    static String bodyText(MessageRecord message) {
        if (message.isSystemOrService() || message.meta().unsent()) {
            return null;
        }
        String text = message.text() == null ? "" : message.text().replace("\uFFFC", "");
        if (message.meta().isTapback()) {
            return text.isBlank() ? TAPBACK_SUMMARY : text;
        }
        return text.isEmpty() ? null : text;
    }

    /** About 1 in 20 plain texts: a link on its URL, else a mention of a group member, else bold on a word. */
    static Formatting formatting(long seed, MessageRecord message, String guid, String text, ChatRow chat) {
        if (text == null
                || text.isBlank()
                || !isPlainContent(message)
                || !Choices.percent(seed, "formatting", guid, FORMATTED_PERCENT)) {
            return Formatting.NONE;
        }
        if (text.contains("https://")) {
            return Formatting.LINK;
        }
        return chat.isGroup() && !chat.shape().participantIds().isEmpty() ? Formatting.MENTION : Formatting.BOLD;
    }

    static String mentionOf(Formatting formatting, ChatRow chat) {
        return formatting == Formatting.MENTION ? chat.shape().participantIds().getFirst() : null;
    }

    /** A message that is just a message: no tapback, reply, edit, unsend or event. */
    private static boolean isPlainContent(MessageRecord message) {
        MessageMeta meta = message.meta();
        return !message.isSystemOrService()
                && !meta.isTapback()
                && meta.assocType() == null
                && meta.replyGuid() == null
                && !meta.unsent()
                && meta.editedAtNs() == null;
    }

    private Links links(MessageRecord message) {
        MessageMeta meta = message.meta();
        String associated = null;
        if (meta.assocType() != null && meta.assocGuid() != null) {
            PartTarget target = PartTarget.parse(meta.assocGuid(), '/');
            associated = "p:" + target.part() + "/" + ExportPlanner.upper(target.guid());
        }
        String originator = null;
        String originatorPart = null;
        if (meta.replyGuid() != null) {
            PartTarget target = PartTarget.parse(meta.replyGuid(), ':');
            originator = ExportPlanner.upper(target.guid());
            MessageRecord replied = byGuid.get(originator);
            String repliedText = replied == null ? null : bodyText(replied);
            int length = repliedText == null || repliedText.isEmpty() ? 1 : repliedText.length();
            originatorPart = target.part() + ":0:" + length;
        }
        return associated == null && originator == null
                ? Links.NONE
                : new Links(associated, originator, originatorPart);
    }

    /** Group events: a rename (2) or member added (1) in groups, "left" (3) in DMs. */
    private static SystemEvent systemEvent(MessageRecord message, ChatRow chat) {
        if (!message.isSystemOrService()) {
            return null;
        }
        if (!chat.isGroup()) {
            return new SystemEvent(3, 0, 0, null);
        }
        if ((message.flags() & MessageRecord.FLAG_SYSTEM) != 0) {
            String name = chat.shape().displayName();
            return new SystemEvent(2, 0, 0, name.isEmpty() ? DEFAULT_GROUP_TITLE : name);
        }
        return new SystemEvent(
                1, 0, chat.handleRowids().isEmpty() ? 0 : chat.handleRowids().getFirst(), null);
    }

    /**
     * About 1 % of the plain messages of unfiltered chats (at least one in a first snapshot), never one a tapback
     * or reply points at; later snapshots keep the earlier choice and add none.
     */
    private Set<String> recentlyDeleted(List<String> chatKeys) {
        if (previous != null) {
            return previous.recentlyDeleted();
        }
        Set<String> targets = new HashSet<>();
        for (MessageRecord message : placed) {
            if (message.meta().assocGuid() != null) {
                targets.add(ExportPlanner.upper(
                        PartTarget.parse(message.meta().assocGuid(), '/').guid()));
            }
            if (message.meta().replyGuid() != null) {
                targets.add(ExportPlanner.upper(
                        PartTarget.parse(message.meta().replyGuid(), ':').guid()));
            }
        }
        List<String> eligible = new ArrayList<>();
        int inLiveChats = 0;
        for (int i = 0; i < placed.size(); i++) {
            MessageRecord message = placed.get(i);
            if (chatByKey.get(chatKeys.get(i)).shape().filtered()) {
                continue;
            }
            inLiveChats++;
            String guid = ExportPlanner.upper(message.guid());
            if (isPlainContent(message) && !targets.contains(guid)) {
                eligible.add(guid);
            }
        }
        long count = Math.max(1, Math.round(inLiveChats * RECENTLY_DELETED_SHARE));
        return Set.copyOf(Choices.lowest(seed, "recently-deleted", eligible, count));
    }

    /** {@code p:<part>/<guid>} (separator '/') or {@code r:<part>:<guid>} (separator ':'). */
    record PartTarget(int part, String guid) {
        static PartTarget parse(String value, char separator) {
            int colon = value.indexOf(':');
            int split = value.indexOf(separator, colon + 1);
            if (colon < 0 || split < 0) {
                return new PartTarget(0, value.strip());
            }
            int part;
            try {
                part = Integer.parseInt(value.substring(colon + 1, split));
            } catch (NumberFormatException e) {
                part = 0;
            }
            return new PartTarget(part, value.substring(split + 1).strip());
        }
    }
}
