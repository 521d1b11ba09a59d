package imbridge.sim.hs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Starts a homeserver double with a bridge-like registration and offers the calls tests repeat. */
final class HsFixture implements AutoCloseable {
    static final String AS_TOKEN = "as_token_for_tests";
    static final String HS_TOKEN = "hs_token_for_tests";
    static final String BOT = "@imessagebot:localhost";
    static final String SENDER = "@sender_localpart_xyz:localhost";
    static final String REAL_USER = "@user:localhost";

    final HomeserverDouble hs;
    final TestHttp http;

    private HsFixture(HomeserverDouble hs) {
        this.hs = hs;
        this.http = new TestHttp(hs.baseUrl());
    }

    static Registration registration(String url) {
        return new Registration(
                "imessage",
                url,
                AS_TOKEN,
                HS_TOKEN,
                "sender_localpart_xyz",
                List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"),
                false);
    }

    static HsFixture start() {
        return start(HsConfig.defaults(registration(null)));
    }

    static HsFixture start(HsConfig config) {
        return new HsFixture(HomeserverDouble.start(config));
    }

    String userToken() {
        return hs.accessTokenOf(REAL_USER);
    }

    /** Path with {@code user_id} masquerading for appservice requests. */
    static String as(String path, String userId) {
        return path + (path.contains("?") ? "&" : "?") + "user_id=" + TestHttp.enc(userId);
    }

    void registerAsUser(String localpart) {
        TestHttp.Response r = http.post(
                "/_matrix/client/v3/register",
                AS_TOKEN,
                Map.of("type", "m.login.application_service", "username", localpart, "inhibit_login", true));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** The bot creates a room (bot is registered on first use). */
    String createRoomAsBot(Map<String, Object> body) {
        if (!botRegistered) {
            registerAsUser("imessagebot");
            botRegistered = true;
        }
        TestHttp.Response r = http.post(as("/_matrix/client/v3/createRoom", BOT), AS_TOKEN, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("room_id").asText();
    }

    private boolean botRegistered;

    /** Registers a ghost, has the bot invite it and the ghost join. */
    void addGhost(String roomId, String ghostLocalpart) {
        String ghost = "@" + ghostLocalpart + ":localhost";
        registerAsUser(ghostLocalpart);
        TestHttp.Response invite = http.post(as(room(roomId) + "/invite", BOT), AS_TOKEN, Map.of("user_id", ghost));
        assertThat(invite.status()).as(invite.toString()).isEqualTo(200);
        TestHttp.Response join = http.post(as(room(roomId) + "/join", ghost), AS_TOKEN, Map.of());
        assertThat(join.status()).as(join.toString()).isEqualTo(200);
    }

    TestHttp.Response sendAs(String roomId, String userId, String txnId, Object content, Long ts) {
        String path = room(roomId) + "/send/m.room.message/" + txnId + (ts == null ? "" : "?ts=" + ts);
        return http.put(as(path, userId), AS_TOKEN, content);
    }

    JsonNode inspectEvents(String roomId) {
        TestHttp.Response r = http.get("/_double/rooms/" + TestHttp.enc(roomId) + "/events", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static String room(String roomId) {
        return "/_matrix/client/v3/rooms/" + TestHttp.enc(roomId);
    }

    @Override
    public void close() {
        hs.close();
    }
}
