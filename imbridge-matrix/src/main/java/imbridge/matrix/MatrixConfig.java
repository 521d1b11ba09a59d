package imbridge.matrix;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the Matrix side needs: where the homeserver is, the appservice identity and tokens,
 * how ghosts are named, where our appservice HTTP server listens and how Client-Server calls retry.
 *
 * @param homeserverUrl   base URL of the homeserver, e.g. {@code http://127.0.0.1:8008}
 * @param domain          the homeserver's server name (the part after {@code :} in MXIDs)
 * @param appserviceId    registration {@code id}
 * @param asToken         token the bridge presents to the homeserver
 * @param hsToken         token the homeserver presents to the bridge
 * @param botLocalpart    the bridge bot's localpart, e.g. {@code imessagebot}
 * @param ghostPrefix     localpart prefix of ghosts, e.g. {@code imessage_}
 * @param ownerUserId     the real Matrix user who owns the bridged account (invited to every room)
 * @param ownerHandle     the owner's own iMessage handle; from-me parts are sent by its ghost
 * @param listenHost      interface of the appservice HTTP server
 * @param listenPort      port of the appservice HTTP server; 0 = ephemeral
 * @param publicUrl       URL the homeserver uses to reach us; null = derived from host and port
 * @param maxSendAttempts attempts per Client-Server request (first try included)
 * @param initialBackoff  first retry delay; doubles per retry
 * @param maxBackoff      cap for every retry delay, including server hints
 * @param requestTimeout  timeout of one Client-Server HTTP request
 * @param maxBatchEvents  most events in one Beeper {@code batch_send} request
 * @param startupRetryInterval wait between start-up rounds ({@code /versions} unreachable, AS ping failing)
 * @param startupAttempts rounds of {@code /versions} before start-up gives up (AS ping: at most 7)
 */
public record MatrixConfig(
        String homeserverUrl,
        String domain,
        String appserviceId,
        String asToken,
        String hsToken,
        String botLocalpart,
        String ghostPrefix,
        String ownerUserId,
        String ownerHandle,
        String listenHost,
        int listenPort,
        String publicUrl,
        int maxSendAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration requestTimeout,
        int maxBatchEvents,
        Duration startupRetryInterval,
        int startupAttempts) {
    public static final int DEFAULT_MAX_BATCH_EVENTS = 100;
    public static final Duration DEFAULT_STARTUP_RETRY_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_STARTUP_ATTEMPTS = 30;

    public MatrixConfig {
        requireText(homeserverUrl, "homeserverUrl");
        requireText(domain, "domain");
        requireText(appserviceId, "appserviceId");
        requireText(asToken, "asToken");
        requireText(hsToken, "hsToken");
        requireText(botLocalpart, "botLocalpart");
        requireText(ghostPrefix, "ghostPrefix");
        requireText(ownerUserId, "ownerUserId");
        requireText(listenHost, "listenHost");
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort must be 0..65535, got " + listenPort);
        }
        if (maxSendAttempts < 1) {
            throw new IllegalArgumentException("maxSendAttempts must be at least 1, got " + maxSendAttempts);
        }
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("maxBatchEvents must be at least 1, got " + maxBatchEvents);
        }
        requirePositive(startupRetryInterval, "startupRetryInterval");
        if (startupAttempts < 1) {
            throw new IllegalArgumentException("startupAttempts must be at least 1, got " + startupAttempts);
        }
        homeserverUrl = stripTrailingSlash(homeserverUrl);
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : stripTrailingSlash(publicUrl);
    }

    /** This config with other client retry settings (attempts per request, first and largest back-off). */
    public MatrixConfig withRetries(int attempts, Duration initial, Duration max) {
        return withClientSettings(attempts, initial, max, maxBatchEvents, startupRetryInterval, startupAttempts);
    }

    /** This config with other start-up retry settings and batch size. */
    public MatrixConfig withStartup(Duration retryInterval, int attempts, int batchEvents) {
        return withClientSettings(maxSendAttempts, initialBackoff, maxBackoff, batchEvents, retryInterval, attempts);
    }

    /** The one copy behind the with-methods: identity and listen address kept, the client's tunables replaced. */
    private MatrixConfig withClientSettings(
            int attempts,
            Duration initial,
            Duration max,
            int batchEvents,
            Duration retryInterval,
            int roundsAtStartup) {
        return new MatrixConfig(
                homeserverUrl,
                domain,
                appserviceId,
                asToken,
                hsToken,
                botLocalpart,
                ghostPrefix,
                ownerUserId,
                ownerHandle,
                listenHost,
                listenPort,
                publicUrl,
                attempts,
                initial,
                max,
                requestTimeout,
                batchEvents,
                retryInterval,
                roundsAtStartup);
    }

    /** The bridge bot's MXID. */
    public String botUserId() {
        return "@" + botLocalpart + ":" + domain;
    }

    /** The URL written into the registration: {@link #publicUrl} or one derived from the listen address. */
    public String registrationUrl() {
        if (publicUrl != null) {
            return publicUrl;
        }
        if (listenPort == 0) {
            throw new IllegalStateException("publicUrl is required when listenPort is 0 (ephemeral)");
        }
        return "http://" + reachableHost(listenHost) + ":" + listenPort;
    }

    /** A wildcard listen address is not something the homeserver can connect to; loopback is. */
    static String reachableHost(String host) {
        return switch (host) {
            case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name + " is required");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
