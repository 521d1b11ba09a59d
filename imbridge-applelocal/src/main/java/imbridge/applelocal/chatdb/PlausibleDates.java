package imbridge.applelocal.chatdb;

import imbridge.applelocal.codec.AppleDates;
import java.time.Instant;
import java.util.OptionalLong;

/** Message times a Messages database can really hold: from the Apple epoch (2001) up to 2100. */
final class PlausibleDates {
    static final long EARLIEST_UNIX_MS = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
    static final long LATEST_UNIX_MS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private PlausibleDates() {}

    /** Unix ms of a message's {@code date}, or empty when it is unset, absurd or not representable. */
    static OptionalLong messageTime(long appleValue) {
        try {
            long ms = AppleDates.toUnixMillis(appleValue);
            return appleValue != 0 && ms >= EARLIEST_UNIX_MS && ms < LATEST_UNIX_MS
                    ? OptionalLong.of(ms)
                    : OptionalLong.empty();
        } catch (ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    /** Unix ms of a secondary time ({@code date_read}, {@code date_edited}); 0 when unset or implausible. */
    static long optionalTime(long appleValue) {
        return messageTime(appleValue).orElse(0);
    }
}
