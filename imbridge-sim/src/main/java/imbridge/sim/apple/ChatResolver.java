package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.ChatShape;
import imbridge.sim.cloudkit.ChatRecord;
import imbridge.sim.cloudkit.HandleNormalizer;
import imbridge.sim.cloudkit.MessageRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides the chat rows of an export (contract "Chats"): one per live chat record, one per conversation whose
 * messages have no chat record (every Apple message sits in a chat), and the SMS half of split DMs; and which chat
 * each message joins. A conversation is keyed by its group UUID ({@code G:}) or, for a DM, by the remote handle id
 * ({@code D:}), the same identities the bridge resolves portals by.
 */
final class ChatResolver {

    static final double SPLIT_PERCENT = 20;
    static final double SMS_SHARE_OF_SPLIT = 1.0 / 3;

    private final long seed;
    private final Map<String, ChatShape> live = new LinkedHashMap<>();
    private final Map<String, ChatShape> deleted = new LinkedHashMap<>();
    private final Map<String, String> keyByCid = new HashMap<>();
    private final Map<String, String> firstService = new HashMap<>();
    private final Map<String, Set<String>> groupSenders = new LinkedHashMap<>();
    private final Set<String> splitHandles = new LinkedHashSet<>();

    ChatResolver(long seed, List<ChatRecord> liveChats, List<ChatRecord> tombstonedChats, Skips skips) {
        this.seed = seed;
        for (ChatRecord record : tombstonedChats) {
            ChatShape shape = shapeOf(record);
            keyByCid.put(record.cid(), shape.key());
            deleted.putIfAbsent(shape.key(), shape);
        }
        for (ChatRecord record : liveChats) {
            ChatShape shape = shapeOf(record);
            keyByCid.put(record.cid(), shape.key());
            if (live.putIfAbsent(shape.key(), shape) != null) {
                skips.skip(
                        "DUPLICATE_CHAT",
                        1,
                        "chat record " + record.recordName() + " not written: an earlier record has its conversation");
            }
        }
        for (String key : List.copyOf(deleted.keySet())) {
            if (live.containsKey(key)) {
                skips.skip(
                        "CHAT_TOMBSTONE_SHADOWED",
                        1,
                        "tombstone of chat " + key + " not written: a live chat has the same identity");
                deleted.remove(key);
            }
        }
    }

    /** The conversation of a message; "" when it cannot be placed (no group UUID, no chat, no usable handle). */
    String keyOf(MessageRecord message) {
        String chatId = message.chatId() == null ? "" : message.chatId();
        if (HandleNormalizer.isUuid(chatId)) {
            return "G:" + chatId.toUpperCase(Locale.ROOT);
        }
        String known = keyByCid.get(chatId);
        if (known != null) {
            return known;
        }
        String remote = message.fromMe() ? HandleIds.of(thirdField(chatId)) : HandleIds.of(message.sender());
        return remote.isEmpty() ? "" : "D:" + remote;
    }

    /** Notes a message of a conversation: a chat without a record is shaped from its messages. */
    void observe(String key, MessageRecord message) {
        if (key.isEmpty() || live.containsKey(key) || deleted.containsKey(key)) {
            return;
        }
        firstService.putIfAbsent(key, message.service());
        if (key.startsWith("G:")) {
            Set<String> senders = groupSenders.computeIfAbsent(key, k -> new LinkedHashSet<>());
            String sender = HandleIds.of(message.sender());
            if (!message.fromMe() && !sender.isEmpty() && !HandleIds.isOwner(sender)) {
                senders.add(sender);
            }
        } else {
            groupSenders.putIfAbsent(key, new LinkedHashSet<>());
        }
    }

    /**
     * After every message was observed: shapes the record-less chats and picks the split DMs (about 1 in 5 of the
     * phone DMs; {@code keep} are splits of an earlier snapshot, which stay; a first snapshot splits at least one).
     */
    void finish(Set<String> keep, boolean firstSnapshot) {
        groupSenders.forEach((key, senders) -> live.put(key, synthesized(key, List.copyOf(senders))));
        groupSenders.clear();
        List<ChatShape> eligible =
                live.values().stream().filter(ChatResolver::splittable).toList();
        ChatShape lowest = null;
        for (ChatShape dm : eligible) {
            String id = dm.chatIdentifier();
            if (keep.contains(id) || Choices.percent(seed, "split-dm", id, SPLIT_PERCENT)) {
                splitHandles.add(id);
            }
            if (lowest == null
                    || Choices.hash(seed, "split-dm", id) < Choices.hash(seed, "split-dm", lowest.chatIdentifier())) {
                lowest = dm;
            }
        }
        if (firstSnapshot && splitHandles.isEmpty() && lowest != null) {
            splitHandles.add(lowest.chatIdentifier());
        }
        for (String id : splitHandles) {
            live.put(
                    "S:" + id,
                    new ChatShape(
                            "S:" + id,
                            "SMS;-;" + id,
                            AppleExportPlan.STYLE_DM,
                            id,
                            "SMS",
                            null,
                            "",
                            dmGroupId("S:" + id),
                            false,
                            null,
                            List.of(id),
                            "SMS"));
        }
    }

    /** The chat a message joins: its conversation's, or the SMS half for about a third of a split DM's messages. */
    String route(String key, MessageRecord message) {
        return route(seed, splitHandles, key, message.guid());
    }

    static String route(long seed, Set<String> splitHandles, String key, String guid) {
        if (key.startsWith("D:")
                && splitHandles.contains(key.substring(2))
                && Choices.unit(seed, "sms-half", guid.toUpperCase(Locale.ROOT)) < SMS_SHARE_OF_SPLIT) {
            return "S:" + key.substring(2);
        }
        return key;
    }

    boolean isDeleted(String key) {
        return deleted.containsKey(key);
    }

    /** Live chats: records first (change order), then record-less conversations, then SMS halves. */
    Collection<ChatShape> liveChats() {
        return live.values();
    }

    ChatShape live(String key) {
        return live.get(key);
    }

    Collection<ChatShape> deletedChats() {
        return deleted.values();
    }

    Set<String> splitHandles() {
        return Set.copyOf(splitHandles);
    }

    private static boolean splittable(ChatShape chat) {
        return !chat.isGroup()
                && chat.key().startsWith("D:")
                && "iMessage".equals(chat.serviceName())
                && !chat.filtered()
                && chat.chatIdentifier().startsWith("+")
                && !HandleIds.isOwner(chat.chatIdentifier());
    }

    private ChatShape shapeOf(ChatRecord record) {
        List<String> participants = new ArrayList<>();
        for (String raw : record.participants()) {
            String id = HandleIds.of(raw);
            if (!id.isEmpty() && !participants.contains(id)) {
                participants.add(id);
            }
        }
        List<String> remotes =
                participants.stream().filter(id -> !HandleIds.isOwner(id)).toList();
        boolean filtered = record.filter() != 0;
        String service = record.service();
        if (record.isGroup()) {
            String gid = record.gid() == null || record.gid().isEmpty()
                    ? null
                    : record.gid().toUpperCase(Locale.ROOT);
            String key = gid != null ? "G:" + gid : "C:" + record.cid();
            return new ChatShape(
                    key,
                    service + ";+;" + record.cid(),
                    AppleExportPlan.STYLE_GROUP,
                    record.cid(),
                    service,
                    record.cid(),
                    record.name() == null ? "" : record.name(),
                    gid,
                    filtered,
                    record.recordName(),
                    remotes,
                    service);
        }
        String remote = remotes.size() == 1
                ? remotes.getFirst()
                : remotes.isEmpty() && !participants.isEmpty() ? participants.getFirst() : null;
        if (remote == null) {
            remote = HandleIds.of(thirdField(record.cid()));
        }
        if (remote.isEmpty()) {
            String key = "C:" + record.cid();
            return new ChatShape(
                    key,
                    record.cid(),
                    AppleExportPlan.STYLE_DM,
                    record.cid(),
                    service,
                    null,
                    "",
                    dmGroupId(key),
                    filtered,
                    record.recordName(),
                    remotes,
                    service);
        }
        String key = "D:" + remote;
        return new ChatShape(
                key,
                service + ";-;" + remote,
                AppleExportPlan.STYLE_DM,
                remote,
                service,
                null,
                "",
                dmGroupId(key),
                filtered,
                record.recordName(),
                List.of(remote),
                service);
    }

    private ChatShape synthesized(String key, List<String> senders) {
        if (key.startsWith("G:")) {
            String gid = key.substring(2);
            String room = String.format(
                    Locale.ROOT,
                    "chat%018d",
                    Math.floorMod(Choices.hash(seed, "room-name", gid), 1_000_000_000_000_000_000L));
            return new ChatShape(
                    key,
                    "iMessage;+;" + room,
                    AppleExportPlan.STYLE_GROUP,
                    room,
                    "iMessage",
                    room,
                    "",
                    gid,
                    false,
                    null,
                    senders,
                    "iMessage");
        }
        String id = key.substring(2);
        String service = "SMS".equals(firstService.get(key)) ? "SMS" : "iMessage";
        return new ChatShape(
                key,
                service + ";-;" + id,
                AppleExportPlan.STYLE_DM,
                id,
                service,
                null,
                "",
                dmGroupId(key),
                false,
                null,
                List.of(id),
                service);
    }

    private String dmGroupId(String key) {
        return Choices.guid(seed, "dm-group-id", key);
    }

    private static String thirdField(String cid) {
        String[] fields = cid == null ? new String[0] : cid.split(";", -1);
        return fields.length == 3 ? fields[2] : "";
    }
}
