package imbridge.app.logging;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The configured secrets (appservice tokens, the CloudKit token, passwords) that no log line may carry: every layout
 * of the bridge replaces them with {@link #MASK} in what it writes. A process-wide list because logback's appenders
 * are process-wide and built from {@code logback.xml} before any config is read; a runtime adds its config's
 * secrets as it starts.
 */
public final class LogSecrets {
    public static final String MASK = "[secret]";
    /** Shorter values are not masked: they would match ordinary words (and a real token is never this short). */
    static final int MIN_LENGTH = 6;

    private static final List<String> secrets = new CopyOnWriteArrayList<>();

    private LogSecrets() {}

    /** Adds secrets to mask; null, blank and very short values are ignored. */
    public static void register(String... values) {
        for (String value : values) {
            if (value != null && value.strip().length() >= MIN_LENGTH && !secrets.contains(value)) {
                secrets.add(value);
            }
        }
        // longest first, so a secret that contains another is masked whole
        List<String> sorted = secrets.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        secrets.clear();
        secrets.addAll(sorted);
    }

    /** {@code text} with every registered secret replaced by {@link #MASK}. */
    public static String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
