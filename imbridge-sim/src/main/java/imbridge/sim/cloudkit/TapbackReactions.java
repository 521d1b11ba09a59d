package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The truth's reactions of one portal, replayed in message order (wire-contracts.md §1): a tapback add (2000–2006)
 * puts up the reaction (sender, target, emoji) unless that one already stands; a remove (3000–3006) takes it down.
 * A standing reaction is expected only if its target's first part ({@code text} or {@code att0}) came before it
 * in the same portal; a reaction taken down later is not expected at all (a bridge may have sent and redacted it).
 */
final class TapbackReactions {
    private static final String[] KEYS = {"❤️", "👍", "👎", "😂", "‼️", "❓"};

    /** Standing reactions by (sender, upper-case target, emoji), with whether their target anchors them. */
    private final Map<String, Truth.Part> standing = new HashMap<>();

    private final List<Truth.Part> anchored = new ArrayList<>();

    static boolean isReactionType(long type) {
        return (type >= 2000 && type <= 2006) || (type >= 3000 && type <= 3006);
    }

    /** The emoji of a tapback type; index 6 is the custom emoji, 👍 when the record has none. */
    static String key(long type, String custom) {
        int index = (int) (type % 1000);
        if (index < KEYS.length) {
            return KEYS[index];
        }
        return custom == null || custom.isBlank() ? "👍" : custom.trim();
    }

    /**
     * Applies one tapback record; returns the part to place at this point of the portal's order when it puts up a
     * reaction whose target is anchored ({@code anchoredTarget} tests the upper-case target GUID), else null.
     */
    Truth.Part apply(MessageRecord tapback, long ts, String sender, Predicate<String> anchoredTarget) {
        Long type = tapback.meta().assocType();
        String target = target(tapback.meta().assocGuid());
        if (type == null || !isReactionType(type) || sender.isEmpty() || target.isEmpty()) {
            return null;
        }
        String upperTarget = target.toUpperCase(Locale.ROOT);
        String slot =
                sender + '\0' + upperTarget + '\0' + key(type, tapback.meta().assocEmoji());
        if (type >= 3000) {
            Truth.Part removed = standing.remove(slot);
            if (removed != null) {
                anchored.remove(removed);
            }
            return null;
        }
        if (standing.containsKey(slot)) {
            return null;
        }
        Truth.Part part = Truth.Part.reaction(
                tapback.guid(),
                ts,
                sender,
                tapback.fromMe(),
                key(type, tapback.meta().assocEmoji()),
                target);
        standing.put(slot, part);
        if (!anchoredTarget.test(upperTarget)) {
            return null;
        }
        anchored.add(part);
        return part;
    }

    /** Whether a placed reaction still stands (it was not taken down by a later remove). */
    boolean stands(Truth.Part part) {
        return anchored.contains(part);
    }

    /** What follows the first '/' of {@code p:<part>/<guid>}, trimmed; "" when absent. */
    private static String target(String assocGuid) {
        if (assocGuid == null) {
            return "";
        }
        int slash = assocGuid.indexOf('/');
        return (slash >= 0 ? assocGuid.substring(slash + 1) : assocGuid).trim();
    }
}
