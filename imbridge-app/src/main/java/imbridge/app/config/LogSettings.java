package imbridge.app.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code logging} section beyond the level: the line format and the rotation of {@code imbridge.log}.
 *
 * @param format      {@code text} (one human-readable line per event) or {@code json} (one JSON object per line)
 * @param maxFileSize {@code imbridge.log} is rotated when it reaches this size (logback syntax: {@code 50MB})
 * @param maxFiles    rotated files kept ({@code imbridge.log.1} … {@code imbridge.log.N}); older ones are deleted
 */
public record LogSettings(String format, String maxFileSize, int maxFiles) {
    public static final LogSettings DEFAULTS = new LogSettings("text", "50MB", 5);

    private static final Pattern SIZE = Pattern.compile("\\d+\\s*(KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    static LogSettings of(String format, String maxFileSize, Integer maxFiles) {
        String f = ConfigChecks.or(format, DEFAULTS.format()).strip().toLowerCase(Locale.ROOT);
        if (!f.equals("text") && !f.equals("json")) {
            throw new ConfigException("logging.format", "must be 'text' or 'json', got '" + format + "'");
        }
        String size = ConfigChecks.or(maxFileSize, DEFAULTS.maxFileSize()).strip();
        if (!SIZE.matcher(size).matches()) {
            throw new ConfigException("logging.max_file_size", "a size such as 50MB, 512KB or 1GB, got '" + size + "'");
        }
        int files = ConfigChecks.within(maxFiles, DEFAULTS.maxFiles(), 1, 100, "logging.max_files");
        return new LogSettings(f, size, files);
    }
}
