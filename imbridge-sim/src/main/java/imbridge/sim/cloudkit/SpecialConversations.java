package imbridge.sim.cloudkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Profile {@code full}'s dedicated conversations, each with contacts of its own so it cannot blend into an
 * ordinary portal: a junk DM and a junk group ({@code filt} = 1), a self-chat, a DM and a group whose chat records
 * are tombstoned in the initial history, a group tombstoned late, a group and a DM whose chat records are
 * malformed, and the plan of the conversation that arrives entirely late.
 */
final class SpecialConversations {

    private static final int CANDIDATE_PEOPLE = 48;
    private static final String OWNER_NATIONAL = "5550000001";

    private final SplitMix64 rnd;
    private final ProfileRecords out;
    private final AttachmentFactory attachmentFactory;
    private final Deque<Person> freshPeople;

    SpecialConversations(SplitMix64 rnd, long seed, DatasetGenerator.Base base, ProfileRecords out) {
        this.rnd = rnd;
        this.out = out;
        this.attachmentFactory = new AttachmentFactory(seed);
        this.freshPeople = freshPeople(rnd, base);
    }

    void plan() {
        PlannedConversation junkDm = dm();
        addChat(junkDm.toChatRecord(rnd, 1));
        addMessages(junkDm, 3, 6, Conversation.Role.FILTERED);

        PlannedConversation junkGroup = group(3, "Crypto Deals 💰");
        addChat(junkGroup.toChatRecord(rnd, 1));
        addMessages(junkGroup, 3, 6, Conversation.Role.FILTERED);

        PlannedConversation self = selfChat();
        addChat(self.toChatRecord(rnd));
        addSelfMessages(self);

        PlannedConversation deletedDm = dm();
        addChat(deletedDm.toChatRecord(rnd));
        addMessages(deletedDm, 4, 8, Conversation.Role.DELETED);
        out.chatTombstones.add(deletedDm.chatRecordName());

        PlannedConversation deletedGroup = group(3, "Old Project");
        addChat(deletedGroup.toChatRecord(rnd));
        addMessages(deletedGroup, 4, 8, Conversation.Role.DELETED);
        out.chatTombstones.add(deletedGroup.chatRecordName());

        PlannedConversation lateDeleted = group(2, null);
        addChat(lateDeleted.toChatRecord(rnd));
        addMessages(lateDeleted, 4, 8, Conversation.Role.DELETED_LATE);
        out.lateChatTombstones.add(lateDeleted.chatRecordName());

        PlannedConversation brokenGroup = group(3, "Garden Club 🌻");
        addChat(new MalformedRecord(brokenGroup.toChatRecord(rnd), new Defect(Defect.Kind.WRONG_TYPE, "stl")));
        addMessages(brokenGroup, 3, 6, Conversation.Role.MALFORMED_CHAT);

        PlannedConversation brokenDm = dm();
        addChat(new MalformedRecord(brokenDm.toChatRecord(rnd), new Defect(Defect.Kind.MISSING_FIELD, "stl")));
        addMessages(brokenDm, 3, 6, Conversation.Role.MALFORMED_CHAT);

        out.lateConversation = group(3, "Surprise Party 🎈");
    }

    private void addChat(CkRecord chat) {
        out.chats.add(chat);
    }

    /** Ordinary messages (text, attachments, some from me) over a random window of the timeline. */
    private void addMessages(PlannedConversation conversation, int min, int max, Conversation.Role role) {
        int count = rnd.nextInt(min, max);
        List<AttachmentRecord> attachments = new ArrayList<>();
        for (long time : Timeline.times(rnd, count)) {
            out.messages.add(DatasetGenerator.message(rnd, conversation, time, attachmentFactory, attachments));
        }
        out.attachments.addAll(attachments);
        out.conversations.add(conversation.toConversation(count, role));
    }

    /** Notes to self: every message is from the owner. */
    private void addSelfMessages(PlannedConversation self) {
        int count = rnd.nextInt(3, 6);
        for (long time : Timeline.times(rnd, count)) {
            out.messages.add(ExtraMessages.create(
                    rnd, self, time, true, 0, TextFactory.next(rnd), null, List.of(), 0, MessageMeta.NONE));
        }
        out.conversations.add(self.toConversation(count, Conversation.Role.SELF_CHAT));
    }

    private PlannedConversation dm() {
        Person person = nextPerson();
        String cid = "iMessage;-;" + person.chatIdentifierForm();
        return new PlannedConversation(
                Conversation.Kind.DM, List.of(person), "iMessage", cid, null, null, rnd.nextHex128());
    }

    private PlannedConversation selfChat() {
        Person owner = new Person(null, OWNER_NATIONAL);
        return new PlannedConversation(
                Conversation.Kind.DM,
                List.of(owner),
                "iMessage",
                "iMessage;-;" + owner.chatIdentifierForm(),
                null,
                null,
                rnd.nextHex128());
    }

    private PlannedConversation group(int size, String name) {
        List<Person> members = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            members.add(nextPerson());
        }
        String gid = rnd.nextUuid().toString().toUpperCase(Locale.ROOT);
        String cid = String.format(Locale.ROOT, "chat%018d", rnd.nextLong(1_000_000_000_000_000_000L));
        return new PlannedConversation(Conversation.Kind.GROUP, members, "iMessage", cid, gid, name, rnd.nextHex128());
    }

    private Person nextPerson() {
        Person person = freshPeople.pollFirst();
        if (person == null) {
            throw new IllegalStateException("ran out of fresh contacts for profile full's conversations");
        }
        return person;
    }

    /** Contacts that appear in no ordinary conversation and are not the owner. */
    private static Deque<Person> freshPeople(SplitMix64 rnd, DatasetGenerator.Base base) {
        Set<String> taken = new HashSet<>(Dataset.OWNER_HANDLES);
        base.planned().forEach(c -> c.people().forEach(p -> taken.add(p.handle())));
        Deque<Person> fresh = new ArrayDeque<>();
        for (Person person : PeopleFactory.create(rnd, CANDIDATE_PEOPLE)) {
            if (taken.add(person.handle())) {
                fresh.add(person);
            }
        }
        return fresh;
    }
}
