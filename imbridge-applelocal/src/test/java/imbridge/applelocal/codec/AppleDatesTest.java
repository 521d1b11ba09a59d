package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Apple timestamps: seconds on old databases, nanoseconds since High Sierra / iOS 11, 0 = not set. */
class AppleDatesTest {
    private static final long UNIX_1E9_MS =
            Instant.ofEpochSecond(1_000_000_000L).toEpochMilli();

    @Test
    void zeroMeansNotSet() {
        assertThat(AppleDates.toUnixMillis(0)).isZero();
    }

    @Test
    void secondsAndNanosecondsOfTheSameInstantAgree() {
        assertThat(AppleDates.toUnixMillis(21_692_800L)).isEqualTo(UNIX_1E9_MS);
        assertThat(AppleDates.toUnixMillis(21_692_800_000_000_000L)).isEqualTo(UNIX_1E9_MS);
    }

    @Test
    void aModernNanosecondValue() {
        // message.date of the edited fixture's era: 2022-11-19T01:17:54.272Z
        assertThat(Instant.ofEpochMilli(AppleDates.toUnixMillis(690_513_474_272_551_100L)))
                .isEqualTo(Instant.parse("2022-11-19T01:17:54.272Z"));
    }

    @Test
    void theUnitIsDecidedPerValueAtTheThreshold() {
        long largestSeconds = AppleDates.NANOS_THRESHOLD;
        assertThat(AppleDates.toUnixMillis(largestSeconds))
                .isEqualTo(largestSeconds * 1000 + AppleDates.APPLE_EPOCH_UNIX_MS);
        assertThat(AppleDates.toUnixMillis(largestSeconds + 1))
                .isEqualTo((largestSeconds + 1) / 1_000_000 + AppleDates.APPLE_EPOCH_UNIX_MS);
    }

    @Test
    void fractionalPlistSecondsAndTheReverseConversion() {
        assertThat(AppleDates.secondsToUnixMillis(690_513_474.2725511))
                .isEqualTo(Instant.parse("2022-11-19T01:17:54.272Z").toEpochMilli());
        long unixMillis = Instant.parse("2024-05-01T12:00:00.123Z").toEpochMilli();
        assertThat(AppleDates.toUnixMillis(AppleDates.unixMillisToAppleNanos(unixMillis)))
                .isEqualTo(unixMillis);
    }

    @Test
    void datesBefore2001AreNegative() {
        assertThat(AppleDates.toUnixMillis(-1)).isEqualTo(AppleDates.APPLE_EPOCH_UNIX_MS - 1000);
        assertThat(AppleDates.toUnixMillis(-1_000_000_000_000_000L))
                .isEqualTo(AppleDates.APPLE_EPOCH_UNIX_MS - 1_000_000_000L);
    }
}
