package imbridge.sim.cloudkit;

import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The live feed's timed changes (events to emit, CloudKit writes), run in due order on the injected clock; ties run
 * in scheduling order. {@code scripted} ones belong to the generated live phase, which is complete once none of them
 * is pending. Not thread-safe: used under the {@link LiveFeed}'s monitor.
 */
final class TimedActions {

    private record Action(Instant due, long order, boolean scripted, Consumer<Instant> run) {}

    private final PriorityQueue<Action> queue =
            new PriorityQueue<>(Comparator.comparing(Action::due).thenComparingLong(Action::order));
    private long nextOrder;
    private int scriptedPending;

    /** {@code run} gets the time it was due, not the time it ran. */
    void schedule(Instant due, boolean scripted, Consumer<Instant> run) {
        queue.add(new Action(due, nextOrder++, scripted, run));
        if (scripted) {
            scriptedPending++;
        }
    }

    /** Runs every action due at {@code now}, including those the run ones schedule; whether any ran. */
    boolean runDue(Instant now) {
        boolean ran = false;
        while (!queue.isEmpty() && !queue.peek().due().isAfter(now)) {
            Action action = queue.poll();
            action.run().accept(action.due());
            if (action.scripted()) {
                scriptedPending--;
            }
            ran = true;
        }
        return ran;
    }

    int scriptedPending() {
        return scriptedPending;
    }
}
