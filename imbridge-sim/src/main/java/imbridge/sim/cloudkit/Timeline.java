package imbridge.sim.cloudkit;

import java.time.Instant;

/**
 * Message times of one conversation, in ns since the Apple epoch, over a window inside a ~3-year span:
 * increasing with random gaps, ~1% exact ties with the previous message, ~0.5% slightly earlier than it.
 */
final class Timeline {

    static final long APPLE_EPOCH_UNIX_SECONDS = 978_307_200L;
    static final long SPAN_START_NS =
            (Instant.parse("2022-01-01T00:00:00Z").getEpochSecond() - APPLE_EPOCH_UNIX_SECONDS) * 1_000_000_000L;
    static final long SPAN_NS = 3L * 365 * 24 * 3600 * 1_000_000_000L;
    static final double TIE_SHARE = 0.01;
    private static final double SKEW_SHARE = 0.005;
    private static final long MAX_SKEW_NS = 60_000_000_000L;
    private static final double MIN_WINDOW_SHARE = 0.1;

    private Timeline() {}

    static long[] times(SplitMix64 rnd, int count) {
        double window = SPAN_NS * (MIN_WINDOW_SHARE + (1 - MIN_WINDOW_SHARE) * rnd.nextDouble());
        double start = (SPAN_NS - window) * rnd.nextDouble();
        double[] cumulative = new double[count + 1];
        for (int i = 0; i <= count; i++) {
            double gap = -Math.log(1 - rnd.nextDouble());
            cumulative[i] = (i == 0 ? 0 : cumulative[i - 1]) + gap;
        }
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = SPAN_START_NS + (long) (start + window * cumulative[i] / cumulative[count]);
            if (i > 0 && rnd.chance(TIE_SHARE)) {
                times[i] = times[i - 1];
            } else if (i > 0 && rnd.chance(SKEW_SHARE)) {
                times[i] = times[i - 1] - 1_000_000L - rnd.nextLong(MAX_SKEW_NS);
            }
        }
        return times;
    }
}
