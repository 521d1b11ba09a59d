package imbridge.app.config;

/** What a bound config value gets beyond its type: its default when absent, presence when required, its range. */
final class ConfigChecks {
    private ConfigChecks() {}

    /** {@code value}, which must be given and not blank. */
    static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "is required");
        }
        return value;
    }

    /** {@code value} (or {@code fallback} when absent), which must lie in {@code [min, max]}. */
    static int within(Integer value, int fallback, int min, int max, String key) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** {@code value}, or {@code fallback} when the key is absent. */
    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
