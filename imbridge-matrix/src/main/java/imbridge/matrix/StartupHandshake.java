package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.port.MatrixException;
import imbridge.core.util.Backoff;
import imbridge.core.util.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up handshake of behaviour.md §BF6.4: {@code /versions} (retried while the homeserver is
 * unreachable; the bot registered when the homeserver refuses it), spec v1.4 or newer, the bot
 * registered, {@code whoami} confirming the as_token, the AS ping where the homeserver has one (skipped
 * cleanly on {@code M_UNRECOGNIZED}), and the media upload limit. Capabilities are logged once.
 */
final class StartupHandshake {
    private static final Logger log = LoggerFactory.getLogger(StartupHandshake.class);
    private static final String CLIENT_V3 = "/_matrix/client/v3";
    /** behaviour.md §BF6.4 step 3: fatal after 7 tries. */
    static final int PING_ATTEMPTS = 7;

    private final MatrixConfig cfg;
    private final MatrixClient client;
    private final String bot;
    private final MediaEndpoints media;

    /** Rounds are retried after {@code startupRetryInterval}, waiting through the client's waiter. */
    StartupHandshake(MatrixConfig cfg, MatrixClient client, MediaEndpoints media) {
        this.cfg = cfg;
        this.client = client;
        this.bot = cfg.botUserId();
        this.media = media;
    }

    HomeserverCapabilities run() throws MatrixException {
        return run(false);
    }

    /** @param ignoreUnsupportedServer go on, with one warning, when the homeserver advertises less than v1.4 */
    HomeserverCapabilities run(boolean ignoreUnsupportedServer) throws MatrixException {
        HomeserverCapabilities caps = parseVersions(fetchVersions());
        if (!caps.supportsAtLeast(1, 4)) {
            String newest = caps.specVersions().isEmpty()
                    ? "no spec version"
                    : "spec versions up to " + caps.specVersions().getLast();
            if (!ignoreUnsupportedServer) {
                throw new MatrixRequestException(
                        MatrixErrors.UNSUPPORTED_HOMESERVER,
                        0,
                        "homeserver " + cfg.homeserverUrl() + " advertises " + newest
                                + "; Matrix v1.4 or newer is required (" + MatrixErrors.UNSUPPORTED_HOMESERVER_FIX
                                + ")",
                        null);
            }
            log.warn(
                    "Homeserver {} advertises {}, older than the Matrix v1.4 this bridge is built for; going on because"
                            + " unsupported servers are allowed (ignore_unsupported_server)",
                    cfg.homeserverUrl(),
                    newest);
        }
        register(cfg.botLocalpart());
        String whoami =
                client.get(CLIENT_V3 + "/account/whoami", bot).path("user_id").asText("");
        if (!whoami.equals(bot)) {
            throw new MatrixRequestException(
                    MatrixErrors.BAD_RESPONSE,
                    200,
                    "whoami answered '" + whoami + "' instead of " + bot + "; check as_token and the registration",
                    null);
        }
        if (caps.supportsAppservicePing()) {
            caps = caps.withPing(ping());
        }
        caps = caps.withMaxUpload(fetchMaxUpload());
        logOnce(caps);
        return caps;
    }

    /** Registers a namespaced user; one that already exists is fine. */
    void register(String localpart) throws MatrixException {
        Map<String, Object> body =
                Map.of("type", "m.login.application_service", "username", localpart, "inhibit_login", true);
        try {
            client.postJson(CLIENT_V3 + "/register", null, body);
        } catch (MatrixException e) {
            if (!"M_USER_IN_USE".equals(e.errcode())) {
                throw e;
            }
        }
    }

    private JsonNode fetchVersions() throws MatrixException {
        boolean registered = false;
        Retry rounds = client.retries(Backoff.constant(cfg.startupRetryInterval()), cfg.startupAttempts());
        while (true) {
            try {
                return client.get("/_matrix/client/versions", bot);
            } catch (MatrixException e) {
                if ("M_FORBIDDEN".equals(e.errcode()) && !registered) {
                    // The homeserver checks the presented token and does not know the bot yet: register, ask again
                    // at once. The refused round still counts.
                    log.info("Homeserver refused /versions for {} ({}); registering the bot", bot, e.errcode());
                    register(cfg.botLocalpart());
                    registered = true;
                    rounds.failed();
                    continue;
                }
                if (!isUnreachable(e) || !rounds.failed()) {
                    throw e;
                }
                log.warn(
                        "Homeserver {} not reachable yet ({}); trying again in {} s (round {}/{})",
                        cfg.homeserverUrl(),
                        e.getMessage(),
                        cfg.startupRetryInterval().toSeconds(),
                        rounds.failures(),
                        cfg.startupAttempts());
                client.pause(rounds, rounds.delay(null), "start-up handshake");
            }
        }
    }

    private static HomeserverCapabilities parseVersions(JsonNode versions) {
        List<String> specVersions = new ArrayList<>();
        versions.path("versions").forEach(v -> specVersions.add(v.asText()));
        Set<String> features = new LinkedHashSet<>();
        versions.path("unstable_features").properties().forEach(f -> {
            if (f.getValue().asBoolean(false)) {
                features.add(f.getKey());
            }
        });
        return new HomeserverCapabilities(
                specVersions, features, HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES, null);
    }

    /**
     * The homeserver calls our {@code /_matrix/app/v1/ping}. A single HTTP attempt per try (the endpoint
     * answers 50x on purpose), up to {@link #PING_ATTEMPTS} tries; null when the homeserver has no ping.
     */
    private Duration ping() throws MatrixException {
        String path = "/_matrix/client/v1/appservice/" + MatrixClient.segment(cfg.appserviceId()) + "/ping";
        int attempts = Math.min(PING_ATTEMPTS, cfg.startupAttempts());
        Retry tries = client.retries(Backoff.constant(cfg.startupRetryInterval()), attempts);
        while (true) {
            try {
                JsonNode answer =
                        client.postJson(path, bot, Map.of("transaction_id", "imb.ping." + UUID.randomUUID()), 1);
                Duration roundTrip =
                        Duration.ofMillis(answer.path("duration_ms").asLong(0));
                log.info("Homeserver reached our appservice API in {} ms", roundTrip.toMillis());
                return roundTrip;
            } catch (MatrixException e) {
                if ("M_UNRECOGNIZED".equals(e.errcode())) {
                    log.info("Homeserver has no appservice ping ({}); skipping it", e.errcode());
                    return null;
                }
                if (!isPingRetryable(e) || !tries.failed()) {
                    throw new MatrixRequestException(
                            e.errcode(),
                            MatrixRequestException.httpStatusOf(e),
                            "the homeserver cannot reach our appservice"
                                    + " API (check the registration url and hs_token): " + e.getMessage(),
                            e);
                }
                log.warn(
                        "Appservice ping failed ({}), try {}/{}; trying again in {} s",
                        e.getMessage(),
                        tries.failures(),
                        attempts,
                        cfg.startupRetryInterval().toSeconds());
                client.pause(tries, tries.delay(null), "start-up handshake");
            }
        }
    }

    private long fetchMaxUpload() {
        try {
            long size = media.call(prefix -> client.get(prefix + "/config", bot))
                    .path("m.upload.size")
                    .asLong(0);
            return size > 0 ? size : HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES;
        } catch (MatrixException e) {
            log.warn(
                    "Media config unavailable ({}); assuming an upload limit of {} bytes",
                    e.getMessage(),
                    HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES);
            return HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES;
        }
    }

    private void logOnce(HomeserverCapabilities caps) {
        log.info(
                "Homeserver {}: spec versions {}, unstable features {}, batch sending {}, AS ping {}, max upload {}"
                        + " bytes, bot {}",
                cfg.homeserverUrl(),
                caps.specVersions(),
                caps.unstableFeatures(),
                caps.batchSending(),
                caps.appservicePing() == null
                        ? "unsupported"
                        : caps.appservicePing().toMillis() + " ms",
                caps.maxUploadBytes(),
                bot);
        if (!caps.batchSending()) {
            log.warn(
                    "HISTORY ORDER: the homeserver does not advertise {}; history cannot be inserted before"
                            + " existing events, so backfill appends it in forward order (oldest first) with massaged"
                            + " timestamps. History bridged into a room that already has newer messages will appear after"
                            + " them.",
                    HomeserverCapabilities.BATCH_SENDING);
        }
    }

    /** The homeserver never answered, or answered as an unavailable proxy/upstream would. */
    private static boolean isUnreachable(MatrixException e) {
        int status = MatrixRequestException.httpStatusOf(e);
        return MatrixErrors.TRANSPORT.equals(e.errcode())
                || status == 429
                || status == 502
                || status == 503
                || status == 504;
    }

    /** Ping failures that can heal: our API not up yet, a timeout, or the homeserver itself unavailable. */
    private static boolean isPingRetryable(MatrixException e) {
        return isUnreachable(e)
                || "M_CONNECTION_FAILED".equals(e.errcode())
                || "M_CONNECTION_TIMEOUT".equals(e.errcode())
                || "M_BAD_STATUS".equals(e.errcode());
    }
}
