package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plans the live phase (wire-contracts.md §1, "Live stream"): {@code count} events at a fixed rate, a seeded mix of new
 * messages in existing conversations (some with an attachment, some from my other devices, some already in
 * CloudKit before they are pushed), messages in brand-new DMs, tapbacks, edits and unsends of earlier live
 * messages, read and delivery receipts, typing, one group rename, one participant change, one Apple-side chat
 * delete, stale echoes of deleted conversations and, after half the phase, one genuinely new message in the deleted
 * DM. Pure: the same dataset, seed, start time and size give the same plan.
 */
final class LiveGenerator {

    private static final long EDIT_HORIZON_MS = 120_000;
    private static final String[] GROUP_NAMES = {"Weekend Plans 🏕️", "Book Club 📚", "Family ❤️", "Trip to Lisbon",
            "Dinner crew 🍝"};
    private static final String[] TAPBACK_VERBS = {"Loved", "Liked", "Disliked", "Laughed at", "Emphasized",
            "Questioned", "Reacted 🫠 to"};

    private enum Special { REVIVAL, STALE, RENAME, PARTICIPANTS, CHAT_DELETE }

    /** A conversation live traffic can address; members and name change with PARTICIPANTS and RENAME. */
    private static final class Chat {
        final String portalId;
        final String chatId;
        final boolean group;
        final List<String> members = new ArrayList<>();
        final List<MessageRecord> history = new ArrayList<>();
        String name;
        ChatRecord record;

        Chat(String portalId, String chatId, boolean group) {
            this.portalId = portalId;
            this.chatId = chatId;
            this.group = group;
        }
    }

    private final SplitMix64 rnd;
    private final Dataset.Snapshot snapshot;
    private final long startTs;
    private final int count;
    private final double rate;
    private final AttachmentFactory attachmentFactory;
    private final String owner = Dataset.OWNER_HANDLES.getFirst();
    private final Set<String> knownHandles = new HashSet<>(Dataset.OWNER_HANDLES);
    private final List<Chat> ordinary = new ArrayList<>();
    private final List<Chat> groups = new ArrayList<>();
    private final List<Chat> deleted = new ArrayList<>();
    private final List<Chat> deletedLate = new ArrayList<>();
    private Chat deletedDm;
    private final List<Chat> newDms = new ArrayList<>();
    private final Map<String, Chat> chatByPortal = new HashMap<>();
    private final Map<LiveMessage, Long> contentOffsets = new HashMap<>();
    private final List<LiveMessage> content = new ArrayList<>();
    private final List<LiveMessage> mine = new ArrayList<>();
    private final Set<LiveMessage> unsent = new HashSet<>();
    private final List<LiveMessage> tapbacks = new ArrayList<>();
    private final Set<LiveMessage> removedTapbacks = new HashSet<>();
    private final List<LiveScriptItem> items = new ArrayList<>();

    private LiveGenerator(Dataset dataset, long startTs, int count, double rate) {
        this.rnd = new SplitMix64(dataset.seed()).fork("live");
        this.snapshot = dataset.snapshot();
        this.startTs = startTs;
        this.count = count;
        this.rate = rate;
        this.attachmentFactory = new AttachmentFactory(dataset.seed());
        collectChats(dataset);
    }

    /**
     * @param startTs the timestamp of the first event (Unix ms), newer than every history message
     * @param count   how many events
     * @param rate    events per second
     */
    static List<LiveScriptItem> plan(Dataset dataset, long startTs, int count, double rate) {
        if (count == 0) {
            return List.of();
        }
        return new LiveGenerator(dataset, startTs, count, rate).generate();
    }

    private void collectChats(Dataset dataset) {
        Map<String, ChatRecord> chatRecords = new HashMap<>();
        for (ChatRecord chat : snapshot.live(Zones.CHATS, ChatRecord.class)) {
            chatRecords.put(chat.recordName(), chat);
            chat.participants().forEach(p -> knownHandles.add(HandleNormalizer.normalize(p)));
        }
        Map<String, Chat> byChatId = new HashMap<>();
        for (Conversation conversation : dataset.conversations()) {
            boolean group = conversation.kind() == Conversation.Kind.GROUP;
            Chat chat = new Chat(conversation.portalId(), conversation.chatId(), group);
            ChatRecord record = conversation.chatRecordName() == null ? null
                    : chatRecords.get(conversation.chatRecordName());
            if (record != null) {
                chat.record = record;
                chat.name = record.name();
                record.participants().stream().map(HandleNormalizer::normalize)
                        .filter(h -> !h.isEmpty() && !Dataset.OWNER_HANDLES.contains(h) && !chat.members.contains(h))
                        .forEach(chat.members::add);
            }
            if (!group && chat.members.isEmpty()) {
                chat.members.add(conversation.portalId());
            }
            switch (conversation.role()) {
                case ORDINARY -> {
                    if (!chat.members.isEmpty()) {
                        ordinary.add(chat);
                        chatByPortal.put(chat.portalId, chat);
                        if (group && record != null) {
                            groups.add(chat);
                        }
                    }
                }
                case DELETED -> {
                    deleted.add(chat);
                    byChatId.put(chat.chatId.toUpperCase(Locale.ROOT), chat);
                    if (!group) {
                        deletedDm = chat;
                    }
                }
                case DELETED_LATE -> {
                    deletedLate.add(chat);
                    byChatId.put(chat.chatId.toUpperCase(Locale.ROOT), chat);
                }
                default -> {
                }
            }
        }
        for (MessageRecord message : snapshot.live(Zones.MESSAGES, MessageRecord.class)) {
            if (message.sender() != null) {
                knownHandles.add(HandleNormalizer.normalize(message.sender()));
            }
            Chat chat = message.chatId() == null ? null : byChatId.get(message.chatId().toUpperCase(Locale.ROOT));
            if (chat != null && !message.isSystemOrService() && !message.meta().isTapback()) {
                chat.history.add(message);
                String sender = message.sender() == null ? "" : HandleNormalizer.normalize(message.sender());
                if (!message.fromMe() && !sender.isEmpty() && !chat.members.contains(sender)) {
                    chat.members.add(sender);
                }
            }
        }
        deleted.removeIf(c -> c.history.isEmpty() || c.members.isEmpty());
        deletedLate.removeIf(c -> c.history.isEmpty() || c.members.isEmpty());
        if (deletedDm != null && !deleted.contains(deletedDm)) {
            deletedDm = null;
        }
    }

    private List<LiveScriptItem> generate() {
        Special[] special = new Special[count];
        Chat[] staleChat = new Chat[count];
        boolean[] staleReuse = new boolean[count];
        if (deletedDm != null) {
            place(special, count / 2, 0, Special.REVIVAL);
        }
        for (Chat chat : deleted) {
            for (int k = 0; k < 2; k++) {
                int slot = place(special, rnd.nextInt(count), 0, Special.STALE);
                if (slot >= 0) {
                    staleChat[slot] = chat;
                    staleReuse[slot] = k == 0;
                }
            }
        }
        for (Chat chat : deletedLate) { // only once its late tombstone has surely arrived
            for (int k = 0; k < 2; k++) {
                int slot = place(special, count / 2 + rnd.nextInt(count - count / 2), count / 2, Special.STALE);
                if (slot >= 0) {
                    staleChat[slot] = chat;
                    staleReuse[slot] = k == 0;
                }
            }
        }
        if (!groups.isEmpty()) {
            place(special, count * 3 / 10, 0, Special.RENAME);
            place(special, count * 6 / 10, 0, Special.PARTICIPANTS);
        }
        if (!ordinary.isEmpty()) {
            place(special, count * 8 / 10, 0, Special.CHAT_DELETE);
        }
        for (int i = 0; i < count; i++) {
            long offset = (long) Math.floor(i * 1000.0 / rate);
            if (special[i] == null) {
                regular(offset);
                continue;
            }
            switch (special[i]) {
                case REVIVAL -> message(deletedDm, offset, LiveMessage.Origin.REVIVAL, false, false, null);
                case STALE -> staleEcho(staleChat[i], offset, staleReuse[i]);
                case RENAME -> rename(offset);
                case PARTICIPANTS -> participantsChange(offset);
                case CHAT_DELETE -> chatDelete(offset);
            }
        }
        return List.copyOf(items);
    }

    /** Puts {@code what} in the first free slot from {@code index} on (wrapping to {@code low}); -1 if all taken. */
    private static int place(Special[] slots, int index, int low, Special what) {
        int span = slots.length - low;
        for (int k = 0; k < span; k++) {
            int slot = low + Math.floorMod(index - low + k, span);
            if (slots[slot] == null) {
                slots[slot] = what;
                return slot;
            }
        }
        return -1;
    }

    private void regular(long offset) {
        double p = rnd.nextDouble();
        if (ordinary.isEmpty() || p >= 0.65 && p < 0.70) {
            newDmMessage(offset);
        } else if (p < 0.55) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, false, false, null);
        } else if (p < 0.65) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, true, false, null);
        } else if (p < 0.75) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, rnd.chance(0.3), true, null);
        } else if (p < 0.85) {
            tapback(offset);
        } else if (p < 0.88) {
            edit(offset);
        } else if (p < 0.90) {
            unsend(offset);
        } else if (p < 0.94) {
            receipt(offset, LiveKind.READ_RECEIPT);
        } else if (p < 0.96) {
            receipt(offset, LiveKind.DELIVERED);
        } else {
            Chat chat = rnd.pick(ordinary);
            items.add(new LiveScriptItem(offset, LiveEventData.action(LiveKind.TYPING, chat.chatId,
                    rnd.pick(chat.members), false, startTs + offset, null, null, null, null), null, -1, null, null));
        }
    }

    /** A content message in {@code chat}; {@code early}: written to CloudKit 1–3 s before it is pushed. */
    private void message(Chat chat, long offset, LiveMessage.Origin origin, boolean fromMe, boolean early,
                         ChatRecord newChat) {
        List<AttachmentRecord> attachments = !fromMe && rnd.chance(0.10)
                ? List.of(attachmentFactory.next(rnd, 0)) : List.of();
        String text = !attachments.isEmpty() && rnd.chance(0.3) ? null : TextFactory.next(rnd);
        String sender = fromMe ? owner : rnd.pick(chat.members);
        LiveMessage message = new LiveMessage(origin, uuid(), rnd.nextHex128(), chat.portalId, chat.chatId, sender,
                fromMe, startTs + offset, text, null, attachments, null, null, null, newChat);
        long cloudKitAt = early ? Math.max(0, offset - rnd.nextInt(1000, 3000)) : offset + rnd.nextInt(1000, 5000);
        items.add(new LiveScriptItem(offset, message.event(participants(chat), chat.group ? chat.name : null),
                message, cloudKitAt, null, null));
        content.add(message);
        contentOffsets.put(message, offset);
        if (fromMe) {
            mine.add(message);
        }
    }

    private void newDmMessage(long offset) {
        if (!newDms.isEmpty() && rnd.chance(0.3)) {
            message(rnd.pick(newDms), offset, LiveMessage.Origin.GENERATED, false, false, null);
            return;
        }
        String national;
        do {
            national = String.format(Locale.ROOT, "555%07d", rnd.nextInt(10_000_000));
        } while (!knownHandles.add("tel:+1" + national));
        String handle = "tel:+1" + national;
        String cid = "iMessage;-;+1" + national;
        Chat chat = new Chat(handle, cid, false);
        chat.members.add(handle);
        newDms.add(chat);
        chatByPortal.put(handle, chat);
        ChatRecord record = new ChatRecord(rnd.nextHex128(), cid, null, ChatRecord.STYLE_DM, "iMessage", null,
                List.of(handle), 0, cid);
        message(chat, offset, LiveMessage.Origin.GENERATED, false, false, record);
    }

    private void staleEcho(Chat chat, long offset, boolean reuseGuid) {
        MessageRecord old = rnd.pick(chat.history);
        long ts = GroundTruth.unixMillis(old.timeNs()) + (reuseGuid ? 0 : rnd.nextInt(1, 300) * 1000L);
        String guid = reuseGuid ? old.guid().toUpperCase(Locale.ROOT) : uuid();
        LiveMessage echo = new LiveMessage(LiveMessage.Origin.STALE, guid, rnd.nextHex128(), chat.portalId,
                chat.chatId, rnd.pick(chat.members), false, ts, reuseGuid && old.text() != null ? old.text()
                : TextFactory.next(rnd), null, List.of(), null, null, null, null);
        items.add(new LiveScriptItem(offset, echo.event(participants(chat), chat.group ? chat.name : null), echo,
                -1, null, reuseGuid ? LiveScriptItem.KNOWN_UUID : LiveScriptItem.STALE_ECHO));
    }

    /** An earlier live content message of the last two minutes that is still there, or null. */
    private LiveMessage recentTarget(long offset, boolean needsText) {
        List<LiveMessage> candidates = new ArrayList<>();
        for (int i = content.size() - 1; i >= 0 && offset - contentOffsets.get(content.get(i)) <= EDIT_HORIZON_MS;
             i--) {
            LiveMessage m = content.get(i);
            if (!unsent.contains(m)
                    && m.origin == LiveMessage.Origin.GENERATED && (!needsText || m.text != null)) {
                candidates.add(m);
            }
        }
        return candidates.isEmpty() ? null : rnd.pick(candidates);
    }

    private void tapback(long offset) {
        List<LiveMessage> removable = tapbacks.stream()
                .filter(t -> t.tapbackType < 3000 && !removedTapbacks.contains(t)).toList();
        if (!removable.isEmpty() && rnd.chance(0.15)) {
            LiveMessage added = rnd.pick(removable);
            removedTapbacks.add(added);
            addTapback(offset, chatByPortal.get(added.portalId), added.sender, added.fromMe,
                    added.tapbackType + 1000, added.tapbackTargetGuid, added.tapbackEmoji, "Removed a reaction");
            return;
        }
        LiveMessage target = recentTarget(offset, false);
        if (target == null) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, false, false, null);
            return;
        }
        Chat chat = chatByPortal.get(target.portalId);
        boolean fromMe = !target.fromMe && rnd.chance(0.5);
        long index = rnd.chance(0.1) ? 6 : rnd.nextInt(6);
        addTapback(offset, chat, fromMe ? owner : rnd.pick(chat.members), fromMe, 2000 + index, target.guid,
                index == 6 ? "🫠" : null, TAPBACK_VERBS[(int) index]);
        tapbacks.add(items.getLast().message());
    }

    private void addTapback(long offset, Chat chat, String sender, boolean fromMe, long type, String targetGuid,
                            String emoji, String verb) {
        LiveMessage tapback = new LiveMessage(LiveMessage.Origin.GENERATED, uuid(), rnd.nextHex128(), chat.portalId,
                chat.chatId, sender, fromMe, startTs + offset, verb + " a message", null, List.of(), type,
                targetGuid, emoji, null);
        items.add(new LiveScriptItem(offset, tapback.event(participants(chat), chat.group ? chat.name : null),
                tapback, offset + rnd.nextInt(1000, 5000), null, null));
    }

    private void edit(long offset) {
        LiveMessage target = recentTarget(offset, true);
        if (target == null) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, false, false, null);
            return;
        }
        items.add(new LiveScriptItem(offset, LiveEventData.action(LiveKind.EDIT, target.chatId, target.sender,
                target.fromMe, startTs + offset, target.guid, TextFactory.next(rnd), null, null), target, -1, null,
                null));
    }

    private void unsend(long offset) {
        LiveMessage target = recentTarget(offset, false);
        if (target == null) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, false, false, null);
            return;
        }
        unsent.add(target);
        items.add(new LiveScriptItem(offset, LiveEventData.action(LiveKind.UNSEND, target.chatId, target.sender,
                target.fromMe, startTs + offset, target.guid, null, null, null), target, -1, null, null));
    }

    private void receipt(long offset, LiveKind kind) {
        if (mine.isEmpty()) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, true, false, null);
            return;
        }
        LiveMessage target = rnd.pick(mine);
        Chat chat = chatByPortal.get(target.portalId);
        items.add(new LiveScriptItem(offset, LiveEventData.action(kind, chat.chatId, rnd.pick(chat.members), false,
                startTs + offset, target.guid, null, null, null), null, -1, null, null));
    }

    private void rename(long offset) {
        Chat chat = rnd.pick(groups);
        String name = rnd.pick(GROUP_NAMES);
        chat.name = name;
        chat.record = new ChatRecord(chat.record.recordName(), chat.record.cid(), chat.record.gid(),
                chat.record.style(), chat.record.service(), name, chat.record.participants(), chat.record.filter(),
                chat.record.guid());
        items.add(new LiveScriptItem(offset, LiveEventData.action(LiveKind.RENAME, chat.chatId,
                rnd.pick(chat.members), false, startTs + offset, null, name, null, name), null,
                offset + rnd.nextInt(1000, 5000), chat.record, null));
    }

    private void participantsChange(long offset) {
        Chat chat = rnd.pick(groups);
        String adder = rnd.pick(chat.members);
        String national;
        do {
            national = String.format(Locale.ROOT, "555%07d", rnd.nextInt(10_000_000));
        } while (!knownHandles.add("tel:+1" + national));
        chat.members.add("tel:+1" + national);
        List<String> raw = new ArrayList<>(chat.record.participants());
        raw.add("tel:+1" + national);
        chat.record = new ChatRecord(chat.record.recordName(), chat.record.cid(), chat.record.gid(),
                chat.record.style(), chat.record.service(), chat.record.name(), raw, chat.record.filter(),
                chat.record.guid());
        items.add(new LiveScriptItem(offset, LiveEventData.action(LiveKind.PARTICIPANTS, chat.chatId, adder, false,
                startTs + offset, null, null, List.copyOf(chat.members), chat.name), null,
                offset + rnd.nextInt(1000, 5000), chat.record, null));
    }

    private void chatDelete(long offset) {
        Chat chat = rnd.pick(ordinary);
        items.add(new LiveScriptItem(offset, LiveEventData.action(LiveKind.CHAT_DELETE, chat.chatId, owner, true,
                startTs + offset, null, null, null, null), null, -1, null, null));
    }

    private List<String> participants(Chat chat) {
        Set<String> all = new LinkedHashSet<>(chat.members);
        all.add(owner);
        return List.copyOf(all);
    }

    private String uuid() {
        return rnd.nextUuid().toString().toUpperCase(Locale.ROOT);
    }
}
