package imbridge.applelocal.chatdb;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of a {@link ChatDbSource}.
 *
 * @param resultsLimit rows per page of each feed (1..{@value #MAX_RESULTS_LIMIT})
 * @param ownHandle    the owner's handle ({@code +15550000001} or {@code me@icloud.com}) for sent rows without a
 *                     {@code destination_caller_id}; may be null
 * @param mentionHref  link target of a mention pill for a mentioned handle, used in formatted bodies
 * @param busyTimeout  how long a read waits while Messages holds a lock (live databases)
 */
public record ChatDbSourceConfig(
        int resultsLimit, String ownHandle, Function<String, String> mentionHref, Duration busyTimeout) {
    public static final int DEFAULT_RESULTS_LIMIT = 200;
    /** Keeps the per-page IN lists far below SQLite's bound-parameter limit. */
    public static final int MAX_RESULTS_LIMIT = 5_000;

    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    public ChatDbSourceConfig {
        if (resultsLimit < 1 || resultsLimit > MAX_RESULTS_LIMIT) {
            throw new IllegalArgumentException(
                    "resultsLimit must be between 1 and " + MAX_RESULTS_LIMIT + ", was " + resultsLimit);
        }
        mentionHref = mentionHref == null ? ChatDbSourceConfig::plainHandleLink : mentionHref;
        busyTimeout = busyTimeout == null ? DEFAULT_BUSY_TIMEOUT : busyTimeout;
        if (busyTimeout.isNegative()) {
            throw new IllegalArgumentException("busyTimeout must not be negative");
        }
    }

    /** Default limits and links for an owner handle (may be null). */
    public static ChatDbSourceConfig defaults(String ownHandle) {
        return new ChatDbSourceConfig(DEFAULT_RESULTS_LIMIT, ownHandle, null, DEFAULT_BUSY_TIMEOUT);
    }

    public ChatDbSourceConfig withResultsLimit(int limit) {
        return new ChatDbSourceConfig(limit, ownHandle, mentionHref, busyTimeout);
    }

    public ChatDbSourceConfig withMentionHref(Function<String, String> href) {
        return new ChatDbSourceConfig(resultsLimit, ownHandle, Objects.requireNonNull(href), busyTimeout);
    }

    /** {@code mailto:} for an e-mail handle, {@code tel:} for anything else: correct without knowing Matrix IDs. */
    static String plainHandleLink(String handle) {
        String h = handle == null ? "" : handle.trim();
        return h.contains("@") ? "mailto:" + h.toLowerCase(Locale.ROOT) : "tel:" + h;
    }
}
