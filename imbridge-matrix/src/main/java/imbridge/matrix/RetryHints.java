package imbridge.matrix;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The wait a homeserver (or a proxy in front of it) asked for before a retry. */
final class RetryHints {
    private static final Logger log = LoggerFactory.getLogger(RetryHints.class);

    private RetryHints() {}

    /**
     * {@code Retry-After} wins (delta-seconds or an HTTP date, RFC 9110 §10.2.3); else {@code retry_after_ms}
     * of an {@code M_LIMIT_EXCEEDED} body; else null (plain exponential back-off).
     */
    static Duration of(HttpResponse<?> response, String errcode, Long retryAfterMs, Clock clock) {
        String header = response.headers().firstValue("Retry-After").orElse(null);
        if (header != null) {
            Duration fromHeader = parseRetryAfter(header.trim(), clock);
            if (fromHeader != null) {
                return fromHeader;
            }
            log.debug("Ignoring unreadable Retry-After: {}", header);
        }
        if ("M_LIMIT_EXCEEDED".equals(errcode) && retryAfterMs != null && retryAfterMs >= 0) {
            return Duration.ofMillis(retryAfterMs);
        }
        return null;
    }

    static Duration parseRetryAfter(String value, Clock clock) {
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException tooLarge) {
                return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
