package imbridge.core.backfill;

import imbridge.core.model.Guids;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which reactions stand in one portal, replayed in message order: a reaction is identified by (sender, target,
 * emoji). An add puts one up unless that sender already has the same emoji on that target (a repeat adds
 * nothing); a remove takes it down. The tapbacks before the run's starting point are replayed first, once, when
 * the first tapback of the run needs them, so a catch-up run finds the adds an earlier run bridged.
 * Not thread-safe: one portal run uses it.
 */
public final class ReactionLedger {
    private record Slot(String sender, String targetNorm, String emoji) {
        static Slot of(PlannedReaction r) {
            return new Slot(r.senderHandle(), Guids.normalize(r.targetGuid()), r.emoji());
        }
    }

    /** Standing reactions: slot → GUID of the tapback that put it up. */
    private final Map<Slot, String> standing = new HashMap<>();

    private Supplier<List<PlannedReaction>> earlier;

    /** @param earlier the portal's tapbacks before this run's first row, oldest first (asked for at most once) */
    public ReactionLedger(Supplier<List<PlannedReaction>> earlier) {
        this.earlier = earlier;
    }

    /** A ledger for a run that starts at the portal's beginning. */
    public static ReactionLedger fresh() {
        return new ReactionLedger(List::of);
    }

    /** Applies an add: true when it puts a reaction up (then it is the one to send). */
    public boolean add(PlannedReaction reaction) {
        requireKind(reaction, false);
        replayEarlier();
        return standing.putIfAbsent(Slot.of(reaction), reaction.guid()) == null;
    }

    /** Applies a remove: the GUID of the add whose reaction it takes down, or null when none stands. */
    public String remove(PlannedReaction reaction) {
        requireKind(reaction, true);
        replayEarlier();
        return standing.remove(Slot.of(reaction));
    }

    /** The GUID of the add a remove would take down, without applying it. */
    public String removes(PlannedReaction reaction) {
        requireKind(reaction, true);
        replayEarlier();
        return standing.get(Slot.of(reaction));
    }

    /** Applies an add or a remove. */
    public void apply(PlannedReaction reaction) {
        if (reaction.remove()) {
            remove(reaction);
        } else {
            add(reaction);
        }
    }

    private void replayEarlier() {
        if (earlier == null) {
            return;
        }
        Supplier<List<PlannedReaction>> history = earlier;
        earlier = null;
        history.get().forEach(this::apply);
    }

    private static void requireKind(PlannedReaction reaction, boolean remove) {
        if (reaction.remove() != remove) {
            throw new IllegalArgumentException("tapback " + reaction.guid() + " is "
                    + (reaction.remove() ? "a remove" : "an add") + ", not " + (remove ? "a remove" : "an add"));
        }
    }
}
