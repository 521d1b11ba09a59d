package imbridge.applelocal.codec;

/**
 * Apple's timestamps: an instant counted from 2001-01-01T00:00:00Z, in seconds on old databases (macOS ≤ 10.12,
 * iOS ≤ 10) and nanoseconds since. The unit is decided per value, not per database, because a migrated database
 * mixes both: any real message time in nanoseconds is above 1e15, any in seconds below 1e10.
 */
public final class AppleDates {
    /** The Apple epoch in Unix milliseconds. */
    public static final long APPLE_EPOCH_UNIX_MS = 978_307_200_000L;
    /** Above this magnitude a value is nanoseconds; below, seconds. */
    static final long NANOS_THRESHOLD = 100_000_000_000_000L; // 1e14

    private AppleDates() {}

    /** Unix milliseconds of a {@code date}-like column value; 0 (Apple's "not set") stays 0. */
    public static long toUnixMillis(long appleValue) {
        if (appleValue == 0) {
            return 0;
        }
        if (Math.abs(appleValue) > NANOS_THRESHOLD) {
            return Math.floorDiv(appleValue, 1_000_000L) + APPLE_EPOCH_UNIX_MS;
        }
        return Math.multiplyExact(appleValue, 1000L) + APPLE_EPOCH_UNIX_MS;
    }

    /** Unix milliseconds of fractional seconds since 2001 (plists' {@code d}, typedstream NSDate). */
    public static long secondsToUnixMillis(double appleSeconds) {
        return Math.round(Math.floor(appleSeconds * 1000.0)) + APPLE_EPOCH_UNIX_MS;
    }

    /** The nanosecond column value Apple writes today for a Unix-millisecond instant. */
    public static long unixMillisToAppleNanos(long unixMillis) {
        return Math.multiplyExact(unixMillis - APPLE_EPOCH_UNIX_MS, 1_000_000L);
    }
}
