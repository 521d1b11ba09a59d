package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.AS_TOKEN;
import static imbridge.sim.hs.HsFixture.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthAndRegistrationTest {
    static HsFixture fx;

    @BeforeAll
    static void start() {
        fx = HsFixture.start(HsConfig.defaults(HsFixture.registration(null))
                .withUnstableFeatures(Map.of("com.beeper.batch_sending", false, "fi.mau.msc2659.stable", true)));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void versionsNeedNoTokenAndAdvertiseConfiguredFeatures() {
        TestHttp.Response r = fx.http.get("/_matrix/client/versions", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("versions"))
                .extracting(n -> n.asText())
                .contains("v1.1", "v1.7", "v1.11")
                .doesNotContain("v1.12");
        assertThat(r.json()
                        .path("unstable_features")
                        .path("fi.mau.msc2659.stable")
                        .asBoolean())
                .isTrue();
        assertThat(r.json()
                        .path("unstable_features")
                        .path("com.beeper.batch_sending")
                        .asBoolean(true))
                .isFalse();
    }

    @Test
    void versionsStillRejectAPresentedBadToken() {
        assertThat(fx.http.get("/_matrix/client/versions", "nope").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        TestHttp.Response unregisteredGhost =
                fx.http.get(as("/_matrix/client/versions", "@imessage_nobody:localhost"), AS_TOKEN);
        assertThat(unregisteredGhost.status()).isEqualTo(403);
        assertThat(unregisteredGhost.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void missingAndUnknownTokensGet401() {
        TestHttp.Response missing = fx.http.get("/_matrix/client/v3/account/whoami", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.errcode()).isEqualTo("M_MISSING_TOKEN");

        TestHttp.Response unknown = fx.http.get("/_matrix/client/v3/account/whoami", "not-a-token");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.errcode()).isEqualTo("M_UNKNOWN_TOKEN");

        TestHttp.Response query = fx.http.get("/_matrix/client/v3/account/whoami?access_token=" + fx.userToken(), null);
        assertThat(query.status()).isEqualTo(200);
        assertThat(query.json().path("user_id").asText()).isEqualTo(HsFixture.REAL_USER);
    }

    @Test
    void appserviceTokenActsAsSenderByDefaultAndAsRegisteredNamespacedUsers() {
        assertThat(fx.http
                        .get("/_matrix/client/v3/account/whoami", AS_TOKEN)
                        .json()
                        .path("user_id")
                        .asText())
                .isEqualTo(HsFixture.SENDER);

        fx.registerAsUser("imessage_whoami");
        TestHttp.Response ghost =
                fx.http.get(as("/_matrix/client/v3/account/whoami", "@imessage_whoami:localhost"), AS_TOKEN);
        assertThat(ghost.status()).isEqualTo(200);
        assertThat(ghost.json().path("user_id").asText()).isEqualTo("@imessage_whoami:localhost");
    }

    @Test
    void appserviceCannotMasqueradeOutsideItsNamespace() {
        TestHttp.Response r = fx.http.get(as("/_matrix/client/v3/account/whoami", HsFixture.REAL_USER), AS_TOKEN);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void realUsersCannotMasqueradeEvenWithUserIdParameter() {
        TestHttp.Response r = fx.http.get(as("/_matrix/client/v3/account/whoami", HsFixture.SENDER), fx.userToken());

        assertThat(r.json().path("user_id").asText()).isEqualTo(HsFixture.REAL_USER);
    }

    @Test
    void registrationOutsideTheNamespaceIsExclusive() {
        TestHttp.Response r = fx.http.post(
                "/_matrix/client/v3/register",
                AS_TOKEN,
                Map.of("type", "m.login.application_service", "username", "someone_else"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errcode()).isEqualTo("M_EXCLUSIVE");
    }

    @Test
    void registeringTwiceIsUserInUse() {
        Map<String, Object> body =
                Map.of("type", "m.login.application_service", "username", "imessage_twice", "inhibit_login", true);
        TestHttp.Response first = fx.http.post("/_matrix/client/v3/register", AS_TOKEN, body);
        TestHttp.Response second = fx.http.post("/_matrix/client/v3/register", AS_TOKEN, body);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("user_id").asText()).isEqualTo("@imessage_twice:localhost");
        assertThat(first.json().has("access_token")).isFalse();
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.errcode()).isEqualTo("M_USER_IN_USE");
    }

    @Test
    void registrationNeedsTheAppserviceTokenAndAValidLocalpart() {
        TestHttp.Response noToken = fx.http.post(
                "/_matrix/client/v3/register",
                null,
                Map.of("type", "m.login.application_service", "username", "imessage_x"));
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.errcode()).isEqualTo("M_MISSING_TOKEN");

        TestHttp.Response wrongToken = fx.http.post(
                "/_matrix/client/v3/register",
                "bogus",
                Map.of("type", "m.login.application_service", "username", "imessage_x"));
        assertThat(wrongToken.errcode()).isEqualTo("M_UNKNOWN_TOKEN");

        TestHttp.Response upperCase = fx.http.post(
                "/_matrix/client/v3/register",
                AS_TOKEN,
                Map.of("type", "m.login.application_service", "username", "imessage_Upper"));
        assertThat(upperCase.status()).isEqualTo(400);
        assertThat(upperCase.errcode()).isEqualTo("M_INVALID_USERNAME");
    }

    @Test
    void registeredUserWithLoginGetsAWorkingToken() {
        TestHttp.Response r = fx.http.post(
                "/_matrix/client/v3/register",
                AS_TOKEN,
                Map.of("type", "m.login.application_service", "username", "imessage_withlogin"));
        String token = r.json().path("access_token").asText();

        TestHttp.Response whoami = fx.http.get("/_matrix/client/v3/account/whoami", token);
        assertThat(whoami.json().path("user_id").asText()).isEqualTo("@imessage_withlogin:localhost");
    }

    @Test
    void unknownEndpointsAreUnrecognized() {
        TestHttp.Response r = fx.http.get("/_matrix/client/v3/sync", fx.userToken());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errcode()).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void badJsonIsNotJson() {
        TestHttp.Response r = fx.http.raw(
                "POST",
                "/_matrix/client/v3/createRoom",
                fx.userToken(),
                "{not json".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errcode()).isEqualTo("M_NOT_JSON");

        TestHttp.Response array = fx.http.raw(
                "POST",
                "/_matrix/client/v3/createRoom",
                fx.userToken(),
                "[1]".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThat(array.errcode()).isEqualTo("M_BAD_JSON");

        TestHttp.Response trailing = fx.http.raw(
                "POST",
                "/_matrix/client/v3/createRoom",
                fx.userToken(),
                "{} {}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThat(trailing.errcode()).isEqualTo("M_NOT_JSON");

        TestHttp.Response empty =
                fx.http.raw("POST", "/_matrix/client/v3/createRoom", fx.userToken(), new byte[0], "application/json");
        assertThat(empty.errcode()).isEqualTo("M_NOT_JSON");
    }

    @Test
    void headerAndQueryTokenTogetherAreRefused() {
        TestHttp.Response r = fx.http.get("/_matrix/client/v3/account/whoami?access_token=x", fx.userToken());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errcode()).isEqualTo("M_MISSING_TOKEN");
    }

    @Test
    void profileDisplaynameCanBeSetOnlyForOneself() {
        fx.registerAsUser("imessage_profile");
        String ghost = "@imessage_profile:localhost";
        TestHttp.Response set = fx.http.put(
                as("/_matrix/client/v3/profile/" + TestHttp.enc(ghost) + "/displayname", ghost),
                AS_TOKEN,
                Map.of("displayname", "Alice (iMessage)"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);

        TestHttp.Response get =
                fx.http.get("/_matrix/client/v3/profile/" + TestHttp.enc(ghost) + "/displayname", fx.userToken());
        assertThat(get.json().path("displayname").asText()).isEqualTo("Alice (iMessage)");

        TestHttp.Response other = fx.http.put(
                "/_matrix/client/v3/profile/" + TestHttp.enc(ghost) + "/displayname",
                fx.userToken(),
                Map.of("displayname", "hijack"));
        assertThat(other.status()).isEqualTo(403);
    }

    @Test
    void rejectionsAreCountedInStats() {
        fx.http.get("/_matrix/client/v3/account/whoami", "definitely-unknown");

        TestHttp.Response stats = fx.http.get("/_double/stats", null);
        assertThat(stats.json().path("rejected").path("M_UNKNOWN_TOKEN").asLong())
                .isGreaterThanOrEqualTo(1);
    }
}
