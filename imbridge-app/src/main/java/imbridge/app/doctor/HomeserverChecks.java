package imbridge.app.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.port.MatrixException;
import imbridge.core.util.Waiter;
import imbridge.matrix.HomeserverCapabilities;
import imbridge.matrix.MatrixClient;
import imbridge.matrix.MatrixConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The homeserver as the bridge's start-up handshake meets it (behaviour.md §BF6.4), one request per step and no
 * retries, so a broken setup is reported at once: spec versions, the as_token (whoami as the bot), the appservice
 * ping (the homeserver reaching our registration url with the hs_token) and the media config.
 */
final class HomeserverChecks {
    static final String VERSIONS = "homeserver";
    static final String TOKEN = "as_token";
    static final String PING = "appservice ping";
    static final String MEDIA = "media";
    private static final String CLIENT_V3 = "/_matrix/client/v3";
    private static final String TOKEN_FIX = "appservice.as_token must equal as_token in the registration file the"
            + " homeserver loaded ('imbridge generate-registration -c <config>' writes it; restart the homeserver"
            + " after changing it)";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MatrixConfig cfg;
    private final HttpClient http;
    private final MatrixClient client;
    private final String bot;

    HomeserverChecks(MatrixConfig cfg, HttpClient http) {
        this.cfg = cfg;
        this.http = http;
        this.client = new MatrixClient(cfg, http, Waiter.real());
        this.bot = cfg.botUserId();
    }

    List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        HomeserverCapabilities caps;
        try {
            caps = capabilities(versions());
        } catch (IOException e) {
            results.add(versionsFailed(e));
            for (String later : List.of(TOKEN, PING, MEDIA)) {
                results.add(CheckResult.skip(later, "needs the homeserver check to pass"));
            }
            return results;
        }
        results.add(versionsResult(caps));
        CheckResult token = token();
        results.add(token);
        results.add(token.failed() ? CheckResult.skip(PING, "needs a working as_token") : ping(caps));
        results.add(media());
        return results;
    }

    /** {@code /versions} needs no token (the spec's only such endpoint here), so a refused token shows later. */
    private JsonNode versions() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cfg.homeserverUrl() + "/_matrix/client/versions"))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new ConnectException(Problems.message(e));
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET /_matrix/client/versions answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private CheckResult versionsFailed(IOException e) {
        if (e instanceof ConnectException) {
            return CheckResult.fail(
                    VERSIONS,
                    cfg.homeserverUrl() + " is not reachable: " + e.getMessage(),
                    "start the homeserver, or correct homeserver.address (the URL of its Client-Server API as seen"
                            + " from this machine)");
        }
        return CheckResult.fail(
                VERSIONS,
                cfg.homeserverUrl() + ": " + Problems.message(e),
                "homeserver.address must point at the homeserver's Client-Server API (check any reverse proxy"
                        + " in front of it)");
    }

    private CheckResult versionsResult(HomeserverCapabilities caps) {
        String versions =
                "spec versions " + caps.specVersions() + ", batch sending " + (caps.batchSending() ? "yes" : "no");
        if (!caps.supportsAtLeast(1, 4)) {
            return CheckResult.fail(
                    VERSIONS,
                    cfg.homeserverUrl() + " advertises " + caps.specVersions() + "; Matrix v1.4 or newer is required",
                    "upgrade the homeserver, or start the bridge with --ignore-unsupported-server to run against it"
                            + " anyway");
        }
        return CheckResult.pass(VERSIONS, cfg.homeserverUrl() + ": " + versions);
    }

    private CheckResult token() {
        try {
            registerBot();
            String whoami = get(CLIENT_V3 + "/account/whoami").path("user_id").asText("");
            if (!whoami.equals(bot)) {
                return CheckResult.fail(
                        TOKEN, "whoami answered '" + whoami + "' instead of " + bot, TOKEN_FIX + ", for this bot");
            }
            return CheckResult.pass(TOKEN, "accepted: whoami is " + bot);
        } catch (MatrixException e) {
            return CheckResult.fail(
                    TOKEN,
                    "refused: " + e.getMessage(),
                    isTokenRefusal(e)
                            ? TOKEN_FIX
                            : TOKEN_FIX + "; the bot " + bot + " must match the registration's"
                                    + " sender_localpart (appservice.bot_username)");
        }
    }

    /** As the bridge does at start: the bot must exist before whoami; one that exists already is fine. */
    private void registerBot() throws MatrixException {
        Map<String, Object> body =
                Map.of("type", "m.login.application_service", "username", cfg.botLocalpart(), "inhibit_login", true);
        try {
            client.postJson(CLIENT_V3 + "/register", null, body, 1);
        } catch (MatrixException e) {
            if (!"M_USER_IN_USE".equals(e.errcode())) {
                throw e;
            }
        }
    }

    private CheckResult ping(HomeserverCapabilities caps) {
        if (cfg.listenPort() == 0 && cfg.publicUrl() == null) {
            return CheckResult.fail(
                    PING,
                    "appservice.port is 0 and no appservice.public_url is set: the registration has no url",
                    "set appservice.port (or appservice.public_url) to where the homeserver reaches the bridge");
        }
        String url = cfg.registrationUrl();
        if (!caps.supportsAppservicePing()) {
            return noPing(url);
        }
        // An ephemeral port (0) cannot be what the homeserver calls: only a bridge running elsewhere can answer.
        Optional<PingResponder> responder = cfg.listenPort() == 0
                ? Optional.empty()
                : PingResponder.tryStart(cfg.listenHost(), cfg.listenPort(), cfg.hsToken());
        try {
            String path = "/_matrix/client/v1/appservice/" + MatrixClient.segment(cfg.appserviceId()) + "/ping";
            JsonNode answer =
                    client.postJson(path, bot, Map.of("transaction_id", "imb.doctor." + UUID.randomUUID()), 1);
            String who = responder.isPresent()
                    ? "the doctor's stand-in at " + url
                    : "the appservice at " + url + " (the doctor could not listen there: the bridge is running?)";
            return CheckResult.pass(
                    PING,
                    "the homeserver reached " + who + " in "
                            + answer.path("duration_ms").asLong(0) + " ms");
        } catch (MatrixException e) {
            if ("M_UNRECOGNIZED".equals(e.errcode())) {
                return noPing(url);
            }
            boolean wrongToken = responder.map(r -> r.refusedTokens() > 0).orElse(false);
            return CheckResult.fail(
                    PING,
                    "the homeserver could not reach the appservice at " + url
                            + (wrongToken ? ": it sent a wrong hs_token" : "") + ": " + e.getMessage(),
                    wrongToken
                            ? "appservice.hs_token must equal hs_token in the registration file the homeserver loaded"
                            : "the registration's url (appservice.public_url, or http://appservice.hostname:"
                                    + "appservice.port) must be reachable from the homeserver; check it in the"
                                    + " registration file and any firewall or container network between them");
        } finally {
            responder.ifPresent(PingResponder::close);
        }
    }

    private static CheckResult noPing(String url) {
        return CheckResult.note(
                PING,
                "the homeserver has no appservice ping; whether it reaches " + url
                        + " shows once the bridge runs (transactions in the log)");
    }

    private CheckResult media() {
        try {
            long size =
                    get("/_matrix/client/v1/media/config").path("m.upload.size").asLong(0);
            return CheckResult.pass(MEDIA, "authenticated media; upload limit " + describe(size));
        } catch (MatrixException modern) {
            try {
                long size =
                        get("/_matrix/media/v3/config").path("m.upload.size").asLong(0);
                return CheckResult.pass(MEDIA, "legacy media API only; upload limit " + describe(size));
            } catch (MatrixException legacy) {
                return CheckResult.fail(
                        MEDIA,
                        "no media config: " + modern.getMessage() + "; legacy: " + legacy.getMessage(),
                        "the homeserver (or its reverse proxy) must serve /_matrix/client/v1/media or"
                                + " /_matrix/media/v3 to this bridge");
            }
        }
    }

    private static String describe(long bytes) {
        return bytes > 0 ? bytes / (1024 * 1024) + " MiB" : "not given (the bridge assumes 50 MiB)";
    }

    private JsonNode get(String path) throws MatrixException {
        return client.call("GET", path, Map.of(), bot, null, null, 1);
    }

    private static boolean isTokenRefusal(MatrixException e) {
        return "M_UNKNOWN_TOKEN".equals(e.errcode()) || "M_MISSING_TOKEN".equals(e.errcode());
    }

    private static HomeserverCapabilities capabilities(JsonNode versions) {
        List<String> spec = new ArrayList<>();
        versions.path("versions").forEach(v -> spec.add(v.asText()));
        Set<String> features = new LinkedHashSet<>();
        versions.path("unstable_features").properties().forEach(f -> {
            if (f.getValue().asBoolean(false)) {
                features.add(f.getKey());
            }
        });
        return new HomeserverCapabilities(spec, features, HomeserverCapabilities.DEFAULT_MAX_UPLOAD_BYTES, null);
    }
}
