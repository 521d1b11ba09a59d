package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Profile {@code full}'s extra messages inside the ordinary conversations: tapbacks (adds, removes, custom
 * emoji) on earlier messages, replies, edited and unsent messages, read receipts, subjects, unusual
 * {@code msgType}s, system and service rows, rows without a body, and tombstones of a few ordinary messages.
 * Shares are small so a 20,000-message account grows by a few percent.
 */
final class MessageVariety {

    private static final double TAPBACK_SHARE = 0.015;
    private static final double REPLY_SHARE = 0.005;
    private static final double EDIT_SHARE = 0.005;
    private static final double UNSENT_SHARE = 0.002;
    private static final double SUBJECT_SHARE = 0.002;
    private static final double MSG_TYPE_SHARE = 0.003;
    private static final double SYSTEM_SHARE = 0.002;
    private static final double NO_BODY_SHARE = 0.001;
    private static final double TOMBSTONE_SHARE = 0.003;
    private static final double FROM_ME_SHARE = 0.4;
    private static final double DATE_READ_SHARE = 0.7;
    private static final String[] TAPBACK_VERBS = {
        "Loved", "Liked", "Disliked", "Laughed at", "Emphasized", "Questioned"
    };
    private static final String[] CUSTOM_EMOJI = {"🫠", "🦄", "🍕", "👀", "🙌🏽"};
    private static final String[] SYSTEM_TEXTS = {
        "named the conversation “Weekend plans”.",
        "changed the group photo.",
        "added a contact to the conversation.",
        "left the conversation."
    };
    private static final String[] SERVICE_TEXTS = {
        "Not Delivered", "Sent as Text Message", "Your message could not be delivered."
    };

    /** One ordinary message and the conversation it belongs to. */
    private record Target(PlannedConversation conversation, MessageRecord message) {}

    private final SplitMix64 rnd;
    private final ProfileRecords out;
    private final List<Target> targets = new ArrayList<>();
    private final int baseMessages;

    MessageVariety(SplitMix64 rnd, DatasetGenerator.Base base, ProfileRecords out) {
        this.rnd = rnd;
        this.out = out;
        for (int i = 0; i < base.planned().size(); i++) {
            for (MessageRecord message : base.messagesByConversation().get(i)) {
                targets.add(new Target(base.planned().get(i), message));
            }
        }
        this.baseMessages = targets.size();
    }

    void plan() {
        if (targets.isEmpty()) {
            return;
        }
        tapbacks(count(TAPBACK_SHARE, 4));
        repeat(count(REPLY_SHARE, 2), this::reply);
        repeat(count(EDIT_SHARE, 2), this::edited);
        repeat(count(UNSENT_SHARE, 2), this::unsent);
        repeat(count(SUBJECT_SHARE, 2), this::withSubject);
        repeat(count(MSG_TYPE_SHARE, 3), this::unusualType);
        repeat(count(SYSTEM_SHARE, 2), () -> flagged(MessageRecord.FLAG_SYSTEM, SYSTEM_TEXTS));
        repeat(count(SYSTEM_SHARE, 2), () -> flagged(MessageRecord.FLAG_SERVICE, SERVICE_TEXTS));
        repeat(count(NO_BODY_SHARE, 2), this::withoutBody);
        tombstones(count(TOMBSTONE_SHARE, 2));
    }

    private int count(double share, int minimum) {
        return Math.max(minimum, (int) Math.round(baseMessages * share));
    }

    private static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }

    private Target target() {
        return targets.get(rnd.nextInt(targets.size()));
    }

    /** Adds (2000–2005), custom emoji (2006) and, for some adds, their removal (+1000) by the same sender. */
    private void tapbacks(int count) {
        for (int i = 0; i < count; i++) {
            Target target = target();
            boolean fromMe = rnd.chance(FROM_ME_SHARE);
            long time = target.message().timeNs() + ExtraMessages.seconds(rnd, 1, 3600);
            boolean custom = rnd.chance(0.15);
            long type = custom ? 2006 : 2000 + rnd.nextInt(6);
            String emoji = custom ? rnd.pick(CUSTOM_EMOJI) : null;
            String snippet = "“" + ExtraMessages.snippet(target.message().text(), 20) + "”";
            String label = custom ? "Reacted " + emoji + " to" : TAPBACK_VERBS[(int) (type - 2000)];
            String text = rnd.chance(0.3) ? null : label + " " + snippet;
            MessageRecord add = ExtraMessages.create(
                    rnd,
                    target.conversation(),
                    time,
                    fromMe,
                    0,
                    text,
                    null,
                    List.of(),
                    0,
                    MessageMeta.tapback(type, target.message().guid(), emoji));
            out.messages.add(add);
            if (rnd.chance(0.25)) {
                out.messages.add(new MessageRecord(
                        rnd.nextHex128(),
                        rnd.nextUuid().toString(),
                        add.chatId(),
                        add.sender(),
                        time + ExtraMessages.seconds(rnd, 1, 600),
                        add.flags(),
                        rnd.chance(0.5) ? null : "Removed a reaction from " + snippet,
                        null,
                        List.of(),
                        add.service(),
                        0,
                        MessageMeta.tapback(type + 1000, target.message().guid(), emoji)));
            }
        }
    }

    private void reply() {
        Target target = target();
        long time = target.message().timeNs() + ExtraMessages.seconds(rnd, 5, 86_400);
        regular(target.conversation(), time, MessageMeta.reply(target.message().guid()), null);
    }

    private void edited() {
        Target anchor = target();
        long time = anchor.message().timeNs() + ExtraMessages.seconds(rnd, 1, 600);
        regular(anchor.conversation(), time, MessageMeta.edited(time + ExtraMessages.seconds(rnd, 5, 900)), null);
    }

    private void withSubject() {
        Target anchor = target();
        regular(
                anchor.conversation(),
                anchor.message().timeNs() + ExtraMessages.seconds(rnd, 1, 600),
                MessageMeta.NONE,
                TextFactory.subject(rnd));
    }

    private void unusualType() {
        Target anchor = target();
        regular(
                anchor.conversation(),
                anchor.message().timeNs() + ExtraMessages.seconds(rnd, 1, 600),
                MessageMeta.NONE,
                null);
    }

    /** A content message (text part expected) with a varied msgType; from me it may carry a read time. */
    private void regular(PlannedConversation conversation, long time, MessageMeta meta, String subject) {
        boolean fromMe = rnd.chance(FROM_ME_SHARE);
        MessageMeta withRead = fromMe && rnd.chance(DATE_READ_SHARE)
                ? meta.withDateRead(time + ExtraMessages.seconds(rnd, 1, 7200))
                : meta;
        String text = subject != null && rnd.chance(0.3) ? null : DatasetGenerator.bodyText(rnd, conversation);
        out.messages.add(ExtraMessages.create(
                rnd, conversation, time, fromMe, 0, text, subject, List.of(), ExtraMessages.msgType(rnd), withRead));
    }

    /** Retracted by its sender: no text left. */
    private void unsent() {
        Target anchor = target();
        long time = anchor.message().timeNs() + ExtraMessages.seconds(rnd, 1, 600);
        out.messages.add(ExtraMessages.create(
                rnd,
                anchor.conversation(),
                time,
                rnd.chance(0.7),
                0,
                null,
                null,
                List.of(),
                0,
                MessageMeta.retracted()));
    }

    /** System or service rows; a few of them without any body. */
    private void flagged(long flag, String[] texts) {
        Target anchor = target();
        long time = anchor.message().timeNs() + ExtraMessages.seconds(rnd, 1, 600);
        String text = rnd.chance(0.25) ? null : rnd.pick(texts);
        out.messages.add(ExtraMessages.create(
                rnd,
                anchor.conversation(),
                time,
                rnd.chance(0.3),
                flag,
                text,
                null,
                List.of(),
                ExtraMessages.msgType(rnd),
                MessageMeta.NONE));
    }

    /** Unflagged rows with no text and no attachments (group events Apple does not flag): no parts. */
    private void withoutBody() {
        Target anchor = target();
        long time = anchor.message().timeNs() + ExtraMessages.seconds(rnd, 1, 600);
        out.messages.add(ExtraMessages.create(
                rnd,
                anchor.conversation(),
                time,
                false,
                0,
                null,
                null,
                List.of(),
                ExtraMessages.msgType(rnd),
                MessageMeta.NONE));
    }

    /** Tombstones of ordinary messages, at most a third of any conversation (never emptying one). */
    private void tombstones(int count) {
        Map<PlannedConversation, Integer> budget = new IdentityHashMap<>();
        for (Target target : targets) {
            budget.merge(target.conversation(), 1, Integer::sum);
        }
        budget.replaceAll((conversation, size) -> size / 3);
        Set<String> chosen = new HashSet<>();
        for (int attempt = 0; attempt < count * 4 && chosen.size() < count; attempt++) {
            Target victim = target();
            if (budget.get(victim.conversation()) > 0
                    && chosen.add(victim.message().recordName())) {
                budget.merge(victim.conversation(), -1, Integer::sum);
                out.messageTombstones.add(victim.message().recordName());
            }
        }
    }
}
