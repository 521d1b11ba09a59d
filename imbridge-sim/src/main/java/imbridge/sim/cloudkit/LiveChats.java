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
 * The conversations the {@link LiveGenerator} can address, read from the dataset once: ordinary ones (and which of
 * them are named groups), deleted ones with their history (for stale echoes, and the DM a new message revives), the
 * brand-new DMs the live phase opens, and every handle already in use so new ones never collide.
 */
final class LiveChats {

    /** A conversation live traffic can address; members and name change with PARTICIPANTS and RENAME. */
    static final class Chat {
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

    final String owner = Dataset.OWNER_HANDLES.getFirst();
    final List<Chat> ordinary = new ArrayList<>();
    final List<Chat> groups = new ArrayList<>();
    final List<Chat> deleted = new ArrayList<>();
    final List<Chat> deletedLate = new ArrayList<>();
    final List<Chat> newDms = new ArrayList<>();
    /** A deleted DM with history, or null. */
    Chat deletedDm;

    private final Set<String> knownHandles = new HashSet<>(Dataset.OWNER_HANDLES);
    private final Map<String, Chat> byPortal = new HashMap<>();

    LiveChats(Dataset dataset) {
        Dataset.Snapshot snapshot = dataset.snapshot();
        Map<String, ChatRecord> chatRecords = new HashMap<>();
        for (ChatRecord chat : snapshot.live(Zones.CHATS, ChatRecord.class)) {
            chatRecords.put(chat.recordName(), chat);
            chat.participants().forEach(p -> knownHandles.add(HandleNormalizer.normalize(p)));
        }
        Map<String, Chat> byChatId = new HashMap<>();
        for (Conversation conversation : dataset.conversations()) {
            boolean group = conversation.kind() == Conversation.Kind.GROUP;
            Chat chat = new Chat(conversation.portalId(), conversation.chatId(), group);
            ChatRecord record =
                    conversation.chatRecordName() == null ? null : chatRecords.get(conversation.chatRecordName());
            if (record != null) {
                chat.record = record;
                chat.name = record.name();
                record.participants().stream()
                        .map(HandleNormalizer::normalize)
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
                        byPortal.put(chat.portalId, chat);
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
                default -> {}
            }
        }
        for (MessageRecord message : snapshot.live(Zones.MESSAGES, MessageRecord.class)) {
            if (message.sender() != null) {
                knownHandles.add(HandleNormalizer.normalize(message.sender()));
            }
            Chat chat = message.chatId() == null
                    ? null
                    : byChatId.get(message.chatId().toUpperCase(Locale.ROOT));
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

    Chat byPortal(String portalId) {
        return byPortal.get(portalId);
    }

    /** A {@code tel:+1555…} handle no conversation uses yet (seeded), reserved from now on. */
    String freshHandle(SplitMix64 rnd) {
        String national;
        do {
            national = String.format(Locale.ROOT, "555%07d", rnd.nextInt(10_000_000));
        } while (!knownHandles.add("tel:+1" + national));
        return "tel:+1" + national;
    }

    /** A brand-new DM with {@code handle}, addressable from now on. */
    Chat openDm(String handle, String chatId) {
        Chat chat = new Chat(handle, chatId, false);
        chat.members.add(handle);
        newDms.add(chat);
        byPortal.put(handle, chat);
        return chat;
    }

    /** Everyone in the conversation, the owner included. */
    List<String> participants(Chat chat) {
        Set<String> all = new LinkedHashSet<>(chat.members);
        all.add(owner);
        return List.copyOf(all);
    }
}
