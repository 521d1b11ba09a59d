package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.ChatRow;
import imbridge.sim.apple.AppleExportPlan.MessageKind;
import imbridge.sim.apple.AppleExportPlan.MessageRow;
import imbridge.sim.apple.AppleExportPlan.Placement;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.MessageMeta;
import imbridge.sim.cloudkit.MessageRecord;
import imbridge.sim.cloudkit.Zones;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What happens to the account between two snapshots, applied through the dataset's own append API (so the
 * CloudKit zones see it too): new messages in existing conversations, edits of existing messages (a new version
 * with a later edit time), a few message tombstones and one chat tombstone. Every choice is seeded by the export's
 * seed and the snapshot's generation.
 */
final class AccountEvolution {

    /** How much changes. */
    record Changes(int newMessages, int edits, int deletedMessages, int deletedChats) {
        static final Changes DEFAULT = new Changes(20, 3, 3, 1);

        Changes {
            if (newMessages < 0 || edits < 0 || deletedMessages < 0 || deletedChats < 0) {
                throw new IllegalArgumentException("change counts must not be negative");
            }
        }
    }

    static final long SECOND_NS = 1_000_000_000L;
    private static final String[] TEXTS = {
        "Back home now",
        "Did you see the news?",
        "Sounds good 👍",
        "Running 10 min late",
        "Let's do Friday instead",
        "Photos coming soon",
        "Ça marche !",
        "See you there"
    };

    private final Dataset dataset;
    private final AppleExportPlan plan;
    private final long seed;
    private final String generation;
    private final Set<String> used = new HashSet<>();

    AccountEvolution(Dataset dataset, AppleExportPlan plan, int generation) {
        this.dataset = dataset;
        this.plan = plan;
        this.seed = plan.choiceSeed();
        this.generation = "gen" + generation;
    }

    void apply(Changes changes) {
        Set<Long> deletedChats = new HashSet<>();
        List<ChatRow> chats = deletableChats();
        for (int i = 0; i < changes.deletedChats() && !chats.isEmpty(); i++) {
            ChatRow victim = chats.get(Choices.below(seed, generation + "chat", Integer.toString(i), chats.size()));
            deletedChats.add(victim.rowid());
            dataset.delete(Zones.CHATS, victim.shape().recordName());
            chats = chats.stream()
                    .filter(c -> !deletedChats.contains(c.rowid()))
                    .toList();
        }
        List<MessageRow> plain = plainMessages().stream()
                .filter(m -> !deletedChats.contains(m.chatRowid()))
                .toList();
        long time = plan.snapshotNs();
        for (int i = 0; i < changes.newMessages() && !plain.isEmpty(); i++) {
            MessageRow like = pick(plain, "new-in", i);
            time += (1 + Choices.below(seed, generation + "new-gap", Integer.toString(i), 120)) * SECOND_NS;
            dataset.append(newMessage(like.record(), time, i));
        }
        List<MessageRow> editable = plain.stream().filter(MessageRow::hasText).toList();
        for (int i = 0; i < changes.edits() && !editable.isEmpty(); i++) {
            MessageRow target = pick(editable, "edit", i);
            time += SECOND_NS;
            dataset.append(edited(target.record(), time));
        }
        for (int i = 0; i < changes.deletedMessages() && !plain.isEmpty(); i++) {
            MessageRow victim = pick(plain, "delete", i);
            dataset.delete(Zones.MESSAGES, victim.record().recordName());
        }
    }

    /** Joined dataset messages that are just messages (no tapback, reply, edit, unsend, event). */
    private List<MessageRow> plainMessages() {
        return plan.messages().stream()
                .filter(m -> m.kind() == MessageKind.DATASET && m.placement() == Placement.CHAT)
                .filter(m -> m.system() == null && m.links() == AppleExportPlan.Links.NONE)
                .filter(m -> m.record().meta().assocType() == null
                        && !m.record().meta().unsent())
                .filter(m -> !plan.chat(m.chatRowid()).shape().filtered())
                .toList();
    }

    /** A message row not picked before by this evolution (new messages may share a model row). */
    private MessageRow pick(List<MessageRow> rows, String decision, int index) {
        for (int attempt = 0; ; attempt++) {
            MessageRow row = rows.get(Choices.below(seed, generation + decision, index + "#" + attempt, rows.size()));
            if (used.add(row.guid()) || attempt > rows.size()) {
                return row;
            }
        }
    }

    /** A new message in the conversation of {@code like}: same chat id and service, newer than everything. */
    private MessageRecord newMessage(MessageRecord like, long timeNs, int index) {
        String key = generation + "#new#" + index;
        boolean fromMe = Choices.percent(seed, "new-from-me", key, 40);
        String sender = fromMe ? Dataset.OWNER_HANDLES.getFirst() : like.fromMe() ? null : like.sender();
        if (sender == null) {
            fromMe = true;
            sender = Dataset.OWNER_HANDLES.getFirst();
        }
        long flags = fromMe
                ? MessageRecord.FLAG_FROM_ME | MessageRecord.FLAG_SENT | MessageRecord.FLAG_READ
                : MessageRecord.FLAG_READ;
        String text = TEXTS[Choices.below(seed, "new-text", key, TEXTS.length)];
        return new MessageRecord(
                recordName(key),
                Choices.guid(seed, "new-guid", key).toLowerCase(Locale.ROOT),
                like.chatId(),
                sender,
                timeNs,
                flags,
                text,
                null,
                List.of(),
                like.service(),
                0,
                MessageMeta.NONE);
    }

    /** The same record, a new version: another text and a later edit time. */
    private static MessageRecord edited(MessageRecord before, long editedAtNs) {
        String text = before.text().replace("\uFFFC", "").strip() + " (edited)";
        MessageMeta meta = before.meta();
        return new MessageRecord(
                before.recordName(),
                before.guid(),
                before.chatId(),
                before.sender(),
                before.timeNs(),
                before.flags(),
                text,
                before.subject(),
                before.attachmentGuids(),
                before.service(),
                before.msgType(),
                new MessageMeta(
                        meta.assocType(),
                        meta.assocGuid(),
                        meta.assocEmoji(),
                        meta.replyGuid(),
                        false,
                        editedAtNs,
                        meta.dateReadNs()));
    }

    /**
     * Chats with a record whose tombstone removes exactly one conversation: not junk, not the SMS half of a
     * split DM (nor a split DM), not the chat hosting the rejected rows.
     */
    private List<ChatRow> deletableChats() {
        Set<Long> hosts = new HashSet<>();
        plan.messages().stream().filter(m -> m.kind() != MessageKind.DATASET).forEach(m -> hosts.add(m.chatRowid()));
        List<ChatRow> chats = new ArrayList<>();
        for (ChatRow chat : plan.chats()) {
            boolean split = plan.splitHandles().contains(chat.shape().chatIdentifier()) && !chat.isGroup();
            if (chat.shape().recordName() != null
                    && !chat.shape().filtered()
                    && !split
                    && !hosts.contains(chat.rowid())) {
                chats.add(chat);
            }
        }
        return chats;
    }

    private String recordName(String key) {
        return Long.toHexString(Choices.hash(seed, "record-name", key))
                + Long.toHexString(Choices.hash(seed, "record-name-2", key));
    }
}
