package imbridge.app.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses config durations such as {@code 500ms}, {@code 90s}, {@code 3m}, {@code 1h}. */
final class DurationParser {
    private static final Pattern FORMAT = Pattern.compile("^(\\d+)\\s*(ms|s|m|h)$");

    private DurationParser() {}

    /** @throws IllegalArgumentException saying what is expected (the caller names the key) */
    static Duration parse(String value) {
        Matcher m = FORMAT.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration like 500ms, 90s, 3m or 1h, got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
