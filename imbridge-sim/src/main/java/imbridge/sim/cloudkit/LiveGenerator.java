package imbridge.sim.cloudkit;

import imbridge.sim.cloudkit.LiveChats.Chat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plans the live phase (wire-contracts.md §1, "Live stream"): {@code count} events at a fixed rate, a seeded mix of new
 * messages in existing conversations (some with an attachment, some from my other devices, some already in
 * CloudKit before they are pushed), messages in brand-new DMs, tapbacks, edits and unsends of earlier live
 * messages, read and delivery receipts (contacts reading mine, and the owner reading theirs on another device), typing, one group rename, one participant change, one Apple-side chat
 * delete, stale echoes of deleted conversations and, after half the phase, one genuinely new message in the deleted
 * DM. Pure: the same dataset, seed, start time and size give the same plan. The conversations it can address are
 * {@link LiveChats}.
 * <p>
 * Over 400 lines because it is one pass that draws every random choice of the live phase in a fixed order (that
 * order is what makes a seed's plan reproducible), so its steps read best one after another; the conversations it
 * addresses are in LiveChats.
 */
final class LiveGenerator {

    private static final long EDIT_HORIZON_MS = 120_000;
    private static final String[] GROUP_NAMES = {
        "Weekend Plans 🏕️", "Book Club 📚", "Family ❤️", "Trip to Lisbon", "Dinner crew 🍝"
    };
    private static final String[] TAPBACK_VERBS = {
        "Loved", "Liked", "Disliked", "Laughed at", "Emphasized", "Questioned", "Reacted 🫠 to"
    };

    private enum Special {
        REVIVAL,
        STALE,
        RENAME,
        PARTICIPANTS,
        CHAT_DELETE
    }

    private final SplitMix64 rnd;
    private final long startTs;
    private final int count;
    private final double rate;
    private final AttachmentFactory attachmentFactory;
    private final LiveChats chats;
    private final String owner;
    private final List<Chat> ordinary;
    private final List<Chat> groups;
    private final Map<LiveMessage, Long> contentOffsets = new HashMap<>();
    private final List<LiveMessage> content = new ArrayList<>();
    private final List<LiveMessage> mine = new ArrayList<>();
    private final Set<LiveMessage> unsent = new HashSet<>();
    private final List<LiveMessage> tapbacks = new ArrayList<>();
    private final Set<LiveMessage> removedTapbacks = new HashSet<>();
    private final List<LiveScriptItem> items = new ArrayList<>();
    /** Read receipts planned so far: every second one, the owner reads instead of a contact. */
    private int readReceipts;

    private LiveGenerator(Dataset dataset, long startTs, int count, double rate) {
        this.rnd = new SplitMix64(dataset.seed()).fork("live");
        this.startTs = startTs;
        this.count = count;
        this.rate = rate;
        this.attachmentFactory = new AttachmentFactory(dataset.seed());
        this.chats = new LiveChats(dataset);
        this.owner = chats.owner;
        this.ordinary = chats.ordinary;
        this.groups = chats.groups;
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

    private List<LiveScriptItem> generate() {
        Special[] special = new Special[count];
        Chat[] staleChat = new Chat[count];
        boolean[] staleReuse = new boolean[count];
        if (chats.deletedDm != null) {
            place(special, count / 2, 0, Special.REVIVAL);
        }
        for (Chat chat : chats.deleted) {
            for (int k = 0; k < 2; k++) {
                int slot = place(special, rnd.nextInt(count), 0, Special.STALE);
                if (slot >= 0) {
                    staleChat[slot] = chat;
                    staleReuse[slot] = k == 0;
                }
            }
        }
        for (Chat chat : chats.deletedLate) { // only once its late tombstone has surely arrived
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
                case REVIVAL -> message(chats.deletedDm, offset, LiveMessage.Origin.REVIVAL, false, false, null);
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
            items.add(new LiveScriptItem(
                    offset,
                    LiveEventData.action(
                            LiveKind.TYPING,
                            chat.chatId,
                            rnd.pick(chat.members),
                            false,
                            startTs + offset,
                            null,
                            null,
                            null,
                            null),
                    null,
                    -1,
                    null,
                    null));
        }
    }

    /** A content message in {@code chat}; {@code early}: written to CloudKit 1–3 s before it is pushed. */
    private void message(
            Chat chat, long offset, LiveMessage.Origin origin, boolean fromMe, boolean early, ChatRecord newChat) {
        List<AttachmentRecord> attachments =
                !fromMe && rnd.chance(0.10) ? List.of(attachmentFactory.next(rnd, 0)) : List.of();
        String text = !attachments.isEmpty() && rnd.chance(0.3) ? null : TextFactory.next(rnd);
        String sender = fromMe ? owner : rnd.pick(chat.members);
        LiveMessage message = new LiveMessage(
                origin,
                uuid(),
                rnd.nextHex128(),
                chat.portalId,
                chat.chatId,
                sender,
                fromMe,
                startTs + offset,
                text,
                null,
                attachments,
                null,
                null,
                null,
                newChat);
        long cloudKitAt = early ? Math.max(0, offset - rnd.nextInt(1000, 3000)) : offset + rnd.nextInt(1000, 5000);
        items.add(new LiveScriptItem(
                offset,
                message.event(chats.participants(chat), chat.group ? chat.name : null),
                message,
                cloudKitAt,
                null,
                null));
        content.add(message);
        contentOffsets.put(message, offset);
        if (fromMe) {
            mine.add(message);
        }
    }

    private void newDmMessage(long offset) {
        if (!chats.newDms.isEmpty() && rnd.chance(0.3)) {
            message(rnd.pick(chats.newDms), offset, LiveMessage.Origin.GENERATED, false, false, null);
            return;
        }
        String handle = chats.freshHandle(rnd);
        String cid = "iMessage;-;" + handle.substring("tel:".length());
        Chat chat = chats.openDm(handle, cid);
        ChatRecord record = new ChatRecord(
                rnd.nextHex128(), cid, null, ChatRecord.STYLE_DM, "iMessage", null, List.of(handle), 0, cid);
        message(chat, offset, LiveMessage.Origin.GENERATED, false, false, record);
    }

    private void staleEcho(Chat chat, long offset, boolean reuseGuid) {
        MessageRecord old = rnd.pick(chat.history);
        long ts = GroundTruth.unixMillis(old.timeNs()) + (reuseGuid ? 0 : rnd.nextInt(1, 300) * 1000L);
        String guid = reuseGuid ? old.guid().toUpperCase(Locale.ROOT) : uuid();
        LiveMessage echo = new LiveMessage(
                LiveMessage.Origin.STALE,
                guid,
                rnd.nextHex128(),
                chat.portalId,
                chat.chatId,
                rnd.pick(chat.members),
                false,
                ts,
                reuseGuid && old.text() != null ? old.text() : TextFactory.next(rnd),
                null,
                List.of(),
                null,
                null,
                null,
                null);
        items.add(new LiveScriptItem(
                offset,
                echo.event(chats.participants(chat), chat.group ? chat.name : null),
                echo,
                -1,
                null,
                reuseGuid ? LiveScriptItem.KNOWN_UUID : LiveScriptItem.STALE_ECHO));
    }

    /** An earlier live content message of the last two minutes that is still there, or null. */
    private LiveMessage recentTarget(long offset, boolean needsText) {
        List<LiveMessage> candidates = new ArrayList<>();
        for (int i = content.size() - 1;
                i >= 0 && offset - contentOffsets.get(content.get(i)) <= EDIT_HORIZON_MS;
                i--) {
            LiveMessage m = content.get(i);
            if (!unsent.contains(m) && m.origin == LiveMessage.Origin.GENERATED && (!needsText || m.text != null)) {
                candidates.add(m);
            }
        }
        return candidates.isEmpty() ? null : rnd.pick(candidates);
    }

    private void tapback(long offset) {
        List<LiveMessage> removable = tapbacks.stream()
                .filter(t -> t.tapbackType < 3000 && !removedTapbacks.contains(t))
                .toList();
        if (!removable.isEmpty() && rnd.chance(0.15)) {
            LiveMessage added = rnd.pick(removable);
            removedTapbacks.add(added);
            addTapback(
                    offset,
                    chats.byPortal(added.portalId),
                    added.sender,
                    added.fromMe,
                    added.tapbackType + 1000,
                    added.tapbackTargetGuid,
                    added.tapbackEmoji,
                    "Removed a reaction");
            return;
        }
        LiveMessage target = recentTarget(offset, false);
        if (target == null) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, false, false, null);
            return;
        }
        Chat chat = chats.byPortal(target.portalId);
        boolean fromMe = !target.fromMe && rnd.chance(0.5);
        long index = rnd.chance(0.1) ? 6 : rnd.nextInt(6);
        addTapback(
                offset,
                chat,
                fromMe ? owner : rnd.pick(chat.members),
                fromMe,
                2000 + index,
                target.guid,
                index == 6 ? "🫠" : null,
                TAPBACK_VERBS[(int) index]);
        tapbacks.add(items.getLast().message());
    }

    private void addTapback(
            long offset,
            Chat chat,
            String sender,
            boolean fromMe,
            long type,
            String targetGuid,
            String emoji,
            String verb) {
        LiveMessage tapback = new LiveMessage(
                LiveMessage.Origin.GENERATED,
                uuid(),
                rnd.nextHex128(),
                chat.portalId,
                chat.chatId,
                sender,
                fromMe,
                startTs + offset,
                verb + " a message",
                null,
                List.of(),
                type,
                targetGuid,
                emoji,
                null);
        items.add(new LiveScriptItem(
                offset,
                tapback.event(chats.participants(chat), chat.group ? chat.name : null),
                tapback,
                offset + rnd.nextInt(1000, 5000),
                null,
                null));
    }

    private void edit(long offset) {
        LiveMessage target = recentTarget(offset, true);
        if (target == null) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, false, false, null);
            return;
        }
        items.add(new LiveScriptItem(
                offset,
                LiveEventData.action(
                        LiveKind.EDIT,
                        target.chatId,
                        target.sender,
                        target.fromMe,
                        startTs + offset,
                        target.guid,
                        TextFactory.next(rnd),
                        null,
                        null),
                target,
                -1,
                null,
                null));
    }

    private void unsend(long offset) {
        LiveMessage target = recentTarget(offset, false);
        if (target == null) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, false, false, null);
            return;
        }
        unsent.add(target);
        items.add(new LiveScriptItem(
                offset,
                LiveEventData.action(
                        LiveKind.UNSEND,
                        target.chatId,
                        target.sender,
                        target.fromMe,
                        startTs + offset,
                        target.guid,
                        null,
                        null,
                        null),
                target,
                -1,
                null,
                null));
    }

    private void receipt(long offset, LiveKind kind) {
        if (mine.isEmpty()) {
            message(rnd.pick(ordinary), offset, LiveMessage.Origin.GENERATED, true, false, null);
            return;
        }
        LiveMessage target = rnd.pick(mine);
        Chat chat = chats.byPortal(target.portalId);
        String reader = rnd.pick(chat.members);
        LiveMessage ownersRead = kind == LiveKind.READ_RECEIPT && readReceipts++ % 2 == 1 ? lastReceived(chat) : null;
        if (ownersRead != null) { // the owner read the chat on their iPhone; same draws, so the seed's plan holds
            target = ownersRead;
            reader = owner;
        }
        items.add(new LiveScriptItem(
                offset,
                LiveEventData.action(
                        kind, chat.chatId, reader, ownersRead != null, startTs + offset, target.guid, null, null, null),
                null,
                -1,
                null,
                null));
    }

    /** The newest live message a contact sent in {@code chat} that is still there, or null. */
    private LiveMessage lastReceived(Chat chat) {
        for (LiveMessage m : content.reversed()) {
            if (m.portalId.equals(chat.portalId) && !m.fromMe && !unsent.contains(m)) {
                return m;
            }
        }
        return null;
    }

    /** The chat record after a group change: another name or member list, everything else kept. */
    private static ChatRecord withGroup(ChatRecord r, String name, List<String> participants) {
        return new ChatRecord(
                r.recordName(), r.cid(), r.gid(), r.style(), r.service(), name, participants, r.filter(), r.guid());
    }

    private void rename(long offset) {
        Chat chat = rnd.pick(groups);
        String name = rnd.pick(GROUP_NAMES);
        chat.name = name;
        chat.record = withGroup(chat.record, name, chat.record.participants());
        items.add(new LiveScriptItem(
                offset,
                LiveEventData.action(
                        LiveKind.RENAME,
                        chat.chatId,
                        rnd.pick(chat.members),
                        false,
                        startTs + offset,
                        null,
                        name,
                        null,
                        name),
                null,
                offset + rnd.nextInt(1000, 5000),
                chat.record,
                null));
    }

    private void participantsChange(long offset) {
        Chat chat = rnd.pick(groups);
        String adder = rnd.pick(chat.members);
        String handle = chats.freshHandle(rnd);
        chat.members.add(handle);
        List<String> raw = new ArrayList<>(chat.record.participants());
        raw.add(handle);
        chat.record = withGroup(chat.record, chat.record.name(), raw);
        items.add(new LiveScriptItem(
                offset,
                LiveEventData.action(
                        LiveKind.PARTICIPANTS,
                        chat.chatId,
                        adder,
                        false,
                        startTs + offset,
                        null,
                        null,
                        List.copyOf(chat.members),
                        chat.name),
                null,
                offset + rnd.nextInt(1000, 5000),
                chat.record,
                null));
    }

    private void chatDelete(long offset) {
        Chat chat = rnd.pick(ordinary);
        items.add(new LiveScriptItem(
                offset,
                LiveEventData.action(
                        LiveKind.CHAT_DELETE, chat.chatId, owner, true, startTs + offset, null, null, null, null),
                null,
                -1,
                null,
                null));
    }

    private String uuid() {
        return rnd.nextUuid().toString().toUpperCase(Locale.ROOT);
    }
}
