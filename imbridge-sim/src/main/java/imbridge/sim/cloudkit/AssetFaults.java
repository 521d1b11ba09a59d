package imbridge.sim.cloudkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The asset fault family ({@link FaultFamily#ASSETS}): what the n-th download of each asset does, a pure
 * function of (seed, record name, n), so runs are reproducible whatever the order of requests.
 *
 * <ul>
 *   <li>Every attempt has a latency of {@value #MIN_LATENCY_MS}–{@value #MAX_LATENCY_MS} ms (the latency
 *       schedule the download bound is computed from).</li>
 *   <li>~{@value #TRANSIENT_PERCENT} % of assets fail their first one or two attempts transiently (500, 503,
 *       a truncated body, or a stall longer than the client's timeout) and then succeed: a client that tries
 *       each asset 3 times always gets them.</li>
 *   <li>~{@value #SLOW_PERCENT} % are slow but good (1–2 s).</li>
 *   <li>~{@value #BROKEN_PER_MILLE} ‰ are permanently broken with a reason ({@link Broken}); the truth marks
 *       their parts, which a correct bridge replaces by a notice.</li>
 * </ul>
 * With the family off, every download succeeds at once and nothing is marked.
 */
public final class AssetFaults {
    static final int MIN_LATENCY_MS = 10;
    static final int MAX_LATENCY_MS = 120;
    static final int TRANSIENT_PERCENT = 6;
    static final int SLOW_PERCENT = 3;
    static final int BROKEN_PER_MILLE = 5;

    /** Why an asset can never be downloaded (the reason the truth gives). */
    public enum Broken {
        /** 404 on every request. */
        NOT_FOUND,
        /** 500 on every request. */
        SERVER_ERROR,
        /** 200 with bytes that do not match the published checksum. */
        CHECKSUM_MISMATCH,
        /** 200 with fewer bytes than the record's size. */
        TRUNCATED,
        /** 200 with an empty body. */
        EMPTY
    }

    /** What one download attempt does. */
    public enum Attempt {
        OK,
        ERROR_500,
        ERROR_503,
        TRUNCATED,
        STALL,
        BROKEN
    }

    /**
     * The schedule of one asset.
     *
     * @param failures     the attempts that fail before the first success (empty = the first one succeeds)
     * @param latencies    latency of attempt n (index n−1) in ms; the last entry repeats
     * @param broken       non-null = every attempt fails for this reason
     */
    public record Plan(List<Attempt> failures, List<Long> latencies, Broken broken) {
        public Attempt attempt(int n) {
            if (broken != null) {
                return Attempt.BROKEN;
            }
            return n <= failures.size() ? failures.get(n - 1) : Attempt.OK;
        }

        public long latencyMs(int n) {
            return latencies.get(Math.min(n, latencies.size()) - 1);
        }
    }

    private final long seed;
    private final boolean enabled;
    private final Duration stall;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public AssetFaults(long seed, boolean enabled, Duration stall) {
        this.seed = seed;
        this.enabled = enabled;
        this.stall = stall;
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration stall() {
        return stall;
    }

    public Plan plan(String recordName) {
        if (!enabled) {
            return new Plan(List.of(), List.of(0L), null);
        }
        SplitMix64 rnd = new SplitMix64(SplitMix64.mix(seed ^ 0x5A55E7FA17L ^ AssetBytes.fnv1a64(recordName)));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            latencies.add((long) rnd.nextInt(MIN_LATENCY_MS, MAX_LATENCY_MS));
        }
        int roll = rnd.nextInt(1000);
        if (roll < BROKEN_PER_MILLE) {
            return new Plan(List.of(), latencies, rnd.pick(Broken.values()));
        }
        if (roll < BROKEN_PER_MILLE + TRANSIENT_PERCENT * 10) {
            Attempt[] kinds = {Attempt.ERROR_500, Attempt.ERROR_503, Attempt.TRUNCATED, Attempt.STALL};
            List<Attempt> failures = new ArrayList<>();
            int count = rnd.chance(0.7) ? 1 : 2;
            for (int i = 0; i < count; i++) {
                failures.add(rnd.pick(kinds));
            }
            return new Plan(List.copyOf(failures), latencies, null);
        }
        if (roll < BROKEN_PER_MILLE + (TRANSIENT_PERCENT + SLOW_PERCENT) * 10) {
            latencies.set(0, (long) rnd.nextInt(1000, 2000));
        }
        return new Plan(List.of(), latencies, null);
    }

    /** Counts a download of the asset and returns its number (1 for the first). */
    int nextAttempt(String recordName) {
        return attempts.computeIfAbsent(recordName, k -> new AtomicInteger()).incrementAndGet();
    }

    /** The reason the asset is permanently broken, or null. */
    public String brokenReason(String recordName) {
        Broken broken = plan(recordName).broken();
        return broken == null ? null : broken.name();
    }

    /**
     * The least time any client with {@code concurrency} downloads in flight and the given per-attempt
     * timeout needs to try every asset as the schedule requires (broken ones {@code maxAttempts} times):
     * the larger of the total attempt time spread over the slots and the longest single asset's chain of
     * attempts. Stalls count as the client's timeout.
     */
    public DownloadBound bound(List<AttachmentRecord> assets, int concurrency, long timeoutMs, int maxAttempts) {
        long total = 0;
        long longest = 0;
        long attemptsNeeded = 0;
        for (AttachmentRecord asset : assets) {
            Plan plan = plan(asset.recordName());
            int needed = plan.broken() != null
                    ? maxAttempts
                    : Math.min(plan.failures().size() + 1, maxAttempts);
            long chain = 0;
            for (int n = 1; n <= needed; n++) {
                chain += plan.attempt(n) == Attempt.STALL ? Math.min(stall.toMillis(), timeoutMs) : plan.latencyMs(n);
            }
            total += chain;
            longest = Math.max(longest, chain);
            attemptsNeeded += needed;
        }
        long spread = (total + concurrency - 1) / Math.max(1, concurrency);
        return new DownloadBound(assets.size(), attemptsNeeded, total, longest, Math.max(spread, longest));
    }

    /** @param boundMs the download lower bound: max(totalAttemptMs / concurrency, longestChainMs) */
    public record DownloadBound(int assets, long attempts, long totalAttemptMs, long longestChainMs, long boundMs) {}
}
