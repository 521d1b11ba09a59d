package imbridge.cloudkit;

import java.time.Instant;

/** Messages stores times as nanoseconds since 2001-01-01T00:00:00Z (Apple's reference date). */
public final class AppleTime {
    public static final long APPLE_EPOCH_UNIX_MS = 978_307_200_000L;
    /** No iMessage or SMS on an Apple device predates the first iPhone (2007). */
    public static final long EARLIEST_PLAUSIBLE_UNIX_MS =
            Instant.parse("2007-01-01T00:00:00Z").toEpochMilli();
    /** Anything later is a corrupted or mis-scaled value, not a clock skew. */
    public static final long LATEST_PLAUSIBLE_UNIX_MS =
            Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private AppleTime() {}

    /** floor(ns / 10^6) + the Apple epoch in Unix ms; floor, not truncation, so pre-epoch values round down. */
    public static long toUnixMs(long nanosSinceAppleEpoch) {
        return Math.floorDiv(nanosSinceAppleEpoch, 1_000_000L) + APPLE_EPOCH_UNIX_MS;
    }

    public static boolean isPlausible(long unixMs) {
        return unixMs >= EARLIEST_PLAUSIBLE_UNIX_MS && unixMs < LATEST_PLAUSIBLE_UNIX_MS;
    }
}
