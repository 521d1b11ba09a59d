package imbridge.app.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Where the bridge is killed, worked out from a seed alone (the same seed gives the same list): which phase each kill
 * aims at and how far into it, and around which kills the peers restart. With six kills or more every phase gets at
 * least one; kills are ordered by the stretch of the run their phase belongs to ({@link ChaosPhase#stretch()}).
 */
public record ChaosSchedule(long seed, List<Kill> kills) {
    /** Kills aimed at one phase at most, for the short ones (the bootstrap and discovery take a few seconds). */
    static final Map<ChaosPhase, Integer> CAPS = Map.of(ChaosPhase.BOOTSTRAP, 3, ChaosPhase.DISCOVERY, 3);
    /** Extra kills (beyond one per phase) go where most of the bridge's time goes. */
    static final Map<ChaosPhase, Integer> WEIGHTS = weights();
    /** One homeserver restart and one simulator restart per this many kills (at least one of each). */
    static final int KILLS_PER_PEER_RESTART = 6;

    /**
     * One kill.
     *
     * @param restartHomeserver     the homeserver double restarts while this life of the bridge runs (once the
     *                              bridge answers), so the bridge sees connections cut and transactions renumbered
     * @param restartSimulatorAfter the simulator restarts after this kill, on a new port: every URL the bridge stored
     *                              (asset downloads included) is dead when it comes back
     */
    public record Kill(
            int number, ChaosPhase phase, int offset, boolean restartHomeserver, boolean restartSimulatorAfter) {
        public String describe() {
            return String.format(
                    "kill %2d: %-15s after %3d %s%s%s",
                    number,
                    phase.label(),
                    offset,
                    phase.unit(),
                    restartHomeserver ? "; homeserver restarts during this life" : "",
                    restartSimulatorAfter ? "; simulator restarts after the kill (new URLs)" : "");
        }
    }

    public ChaosSchedule {
        kills = List.copyOf(kills);
    }

    public static ChaosSchedule plan(long seed, int killCount) {
        if (killCount < 0) {
            throw new IllegalArgumentException("kills must be >= 0, got " + killCount);
        }
        Random random = new Random(seed); // its sequence is specified: a seed means the same schedule everywhere
        List<ChaosPhase> phases = phases(random, killCount);
        List<ChaosPhase> ordered = new ArrayList<>();
        for (int stretch = 0; stretch <= 2; stretch++) {
            int s = stretch;
            List<ChaosPhase> inStretch = new ArrayList<>(
                    phases.stream().filter(p -> p.stretch() == s).toList());
            Collections.shuffle(inStretch, random);
            ordered.addAll(inStretch);
        }
        int peerRestarts = killCount == 0 ? 0 : Math.max(1, killCount / KILLS_PER_PEER_RESTART);
        List<Integer> homeserver = pick(random, killCount, peerRestarts);
        List<Integer> simulator = pick(random, killCount, peerRestarts);
        List<Kill> kills = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            ChaosPhase phase = ordered.get(i);
            int offset = phase.minOffset() + random.nextInt(phase.maxOffset() - phase.minOffset() + 1);
            kills.add(new Kill(i + 1, phase, offset, homeserver.contains(i), simulator.contains(i)));
        }
        return new ChaosSchedule(seed, kills);
    }

    /** Every phase once (as many as fit), the rest drawn by weight within the caps. */
    private static List<ChaosPhase> phases(Random random, int killCount) {
        List<ChaosPhase> all = new ArrayList<>(List.of(ChaosPhase.values()));
        Collections.shuffle(all, random);
        List<ChaosPhase> chosen = new ArrayList<>(all.subList(0, Math.min(killCount, all.size())));
        Map<ChaosPhase, Integer> counts = new EnumMap<>(ChaosPhase.class);
        chosen.forEach(p -> counts.merge(p, 1, Integer::sum));
        while (chosen.size() < killCount) {
            ChaosPhase p = weighted(random);
            if (counts.getOrDefault(p, 0) < CAPS.getOrDefault(p, Integer.MAX_VALUE)) {
                chosen.add(p);
                counts.merge(p, 1, Integer::sum);
            }
        }
        chosen.sort(Comparator.naturalOrder()); // the draw order must not leak into the shuffle's input
        return chosen;
    }

    private static ChaosPhase weighted(Random random) {
        int total = WEIGHTS.values().stream().mapToInt(Integer::intValue).sum();
        int r = random.nextInt(total);
        for (ChaosPhase p : ChaosPhase.values()) {
            r -= WEIGHTS.get(p);
            if (r < 0) {
                return p;
            }
        }
        throw new IllegalStateException("weights do not add up");
    }

    private static Map<ChaosPhase, Integer> weights() {
        Map<ChaosPhase, Integer> w = new EnumMap<>(ChaosPhase.class);
        w.put(ChaosPhase.BOOTSTRAP, 1);
        w.put(ChaosPhase.DISCOVERY, 1);
        w.put(ChaosPhase.BACKFILL_SENDS, 3);
        w.put(ChaosPhase.MEDIA_UPLOADS, 2);
        w.put(ChaosPhase.LIVE, 2);
        w.put(ChaosPhase.RESYNC, 1);
        return Map.copyOf(w);
    }

    /** {@code n} distinct kill indices out of {@code killCount}. */
    private static List<Integer> pick(Random random, int killCount, int n) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < killCount; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, random);
        return List.copyOf(indices.subList(0, Math.min(n, killCount)));
    }

    /** The schedule as printed before the run: one line per kill. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("kill schedule (seed " + seed + ", " + kills.size() + " kills):");
        kills.forEach(k -> lines.add("  " + k.describe()));
        return lines;
    }
}
