package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Decides the conversations: ~60% DMs and ~40% groups (at least one of each from two conversations on),
 * ~15% of DMs without a chat record, groups of 2–8 remote participants, some SMS DMs.
 */
final class ConversationPlanner {

    private static final double DM_SHARE = 0.6;
    private static final double CHATLESS_DM_SHARE = 0.15;
    private static final double SMS_SHARE_OF_PHONE_DMS = 0.12;
    private static final double NAMED_GROUP_SHARE = 0.6;
    private static final int MIN_GROUP_SIZE = 2;
    private static final int MAX_GROUP_SIZE = 8;
    private static final String[] GROUP_NAMES = {
        "Family 🏡",
        "Book Club",
        "Weekend Hikers",
        "Office Lunch",
        "Fantasy Football",
        "Mom's Birthday 🎂",
        "Roommates",
        "Band Practice 🎸",
        "Trip to Lisbon",
        "Soirée du samedi",
        "家族",
        "Climbing crew",
        "PTA",
        "Wedding planning 💍",
        "Board games"
    };

    private ConversationPlanner() {}

    static List<PlannedConversation> plan(SplitMix64 rnd, int chats) {
        if (chats == 0) {
            return List.of();
        }
        int dms = chats == 1 ? 1 : Math.max(1, (int) Math.round(chats * DM_SHARE));
        int groups = chats - dms;
        if (chats >= 2 && groups == 0) {
            dms--;
            groups++;
        }
        boolean[] chatless = chatlessFlags(rnd, dms);
        List<Person> pool = PeopleFactory.create(rnd, Math.max(dms + groups * 3, groups > 0 ? MAX_GROUP_SIZE : 0));

        List<PlannedConversation> planned = new ArrayList<>(chats);
        for (int i = 0; i < dms; i++) {
            planned.add(dm(rnd, pool.get(i), chatless[i]));
        }
        for (int i = 0; i < groups; i++) {
            planned.add(group(rnd, pool));
        }
        rnd.shuffle(planned);
        return planned;
    }

    private static boolean[] chatlessFlags(SplitMix64 rnd, int dms) {
        int count = (int) Math.round(dms * CHATLESS_DM_SHARE);
        if (dms >= 2) {
            count = Math.min(Math.max(count, 1), dms - 1);
        }
        List<Boolean> flags = new ArrayList<>(Collections.nCopies(dms, false));
        for (int i = 0; i < count; i++) {
            flags.set(i, true);
        }
        rnd.shuffle(flags);
        boolean[] result = new boolean[dms];
        for (int i = 0; i < dms; i++) {
            result[i] = flags.get(i);
        }
        return result;
    }

    private static PlannedConversation dm(SplitMix64 rnd, Person person, boolean chatless) {
        String service = person.isPhone() && rnd.chance(SMS_SHARE_OF_PHONE_DMS) ? "SMS" : "iMessage";
        String cid = service + ";-;" + person.chatIdentifierForm();
        String recordName = rnd.nextHex128();
        return new PlannedConversation(
                Conversation.Kind.DM, List.of(person), service, cid, null, null, chatless ? null : recordName);
    }

    private static PlannedConversation group(SplitMix64 rnd, List<Person> pool) {
        int size = rnd.nextInt(MIN_GROUP_SIZE, Math.min(MAX_GROUP_SIZE, pool.size()));
        List<Person> candidates = new ArrayList<>(pool);
        rnd.shuffle(candidates);
        List<Person> members = List.copyOf(candidates.subList(0, size));
        String gid = rnd.nextUuid().toString().toUpperCase(Locale.ROOT);
        String cid = String.format(Locale.ROOT, "chat%018d", rnd.nextLong(1_000_000_000_000_000_000L));
        String name = rnd.chance(NAMED_GROUP_SHARE) ? rnd.pick(GROUP_NAMES) : null;
        return new PlannedConversation(Conversation.Kind.GROUP, members, "iMessage", cid, gid, name, rnd.nextHex128());
    }
}
