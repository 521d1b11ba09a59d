package imbridge.cloudkit;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach the CloudKit database.
 *
 * @param databaseUrl    the private database base URL, e.g.
 *                       {@code https://host/database/1/com.apple.messages.cloud/production/private}
 * @param apiToken       sent as {@code ?ckAPIToken=} on every database request; null when the server needs none
 * @param resultsLimit   records per {@code changes/zone} page (CloudKit allows 1..400)
 * @param requestTimeout per-request timeout, until the response headers arrive
 */
public record CloudKitConfig(String databaseUrl, String apiToken, int resultsLimit, Duration requestTimeout) {

    public static final int DEFAULT_RESULTS_LIMIT = 200;
    public static final int MAX_RESULTS_LIMIT = 400;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public CloudKitConfig {
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        URI uri;
        try {
            uri = URI.create(databaseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("databaseUrl is not a URI: " + databaseUrl, e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("databaseUrl must be an absolute http(s) URL: " + databaseUrl);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("databaseUrl must not carry a query or fragment: " + databaseUrl);
        }
        while (databaseUrl.endsWith("/")) {
            databaseUrl = databaseUrl.substring(0, databaseUrl.length() - 1);
        }
        if (apiToken != null && apiToken.isBlank()) {
            apiToken = null;
        }
        if (resultsLimit < 1 || resultsLimit > MAX_RESULTS_LIMIT) {
            throw new IllegalArgumentException(
                    "resultsLimit must be between 1 and " + MAX_RESULTS_LIMIT + ", was " + resultsLimit);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
    }

    /** The defaults: no API token, 200 records per page, 60 s per request. */
    public static CloudKitConfig of(String databaseUrl) {
        return new CloudKitConfig(databaseUrl, null, DEFAULT_RESULTS_LIMIT, DEFAULT_REQUEST_TIMEOUT);
    }

    /** Same settings, another token. */
    public CloudKitConfig withApiToken(String token) {
        return new CloudKitConfig(databaseUrl, token, resultsLimit, requestTimeout);
    }

    /** Masks the token so configs can be logged. */
    @Override
    public String toString() {
        return "CloudKitConfig[databaseUrl=" + databaseUrl + ", apiToken=" + (apiToken == null ? "none" : "***")
                + ", resultsLimit=" + resultsLimit + ", requestTimeout=" + requestTimeout + "]";
    }
}
