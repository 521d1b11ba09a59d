package imbridge.sim.hs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Double puppeting as the double checks it: the appservice may act as the owner, a real user, only when a
 * non-exclusive namespace of its registration covers the owner; an exclusive namespace or none is refused.
 */
class DoublePuppetNamespaceTest {
    private static final String OWNER_NAMESPACE = "^@user:localhost$";
    private static final String AS_TOKEN = HsFixture.AS_TOKEN;

    @Test
    void aNonExclusiveNamespaceLetsTheAppserviceActAsTheOwner() {
        try (HsFixture f = HsFixture.start(HsConfig.defaults(registration(List.of(OWNER_NAMESPACE))))) {
            TestHttp.Response whoami =
                    f.http.get(HsFixture.as("/_matrix/client/v3/account/whoami", HsFixture.REAL_USER), AS_TOKEN);
            assertThat(whoami.status()).as(whoami.toString()).isEqualTo(200);
            assertThat(whoami.json().path("user_id").asText()).isEqualTo(HsFixture.REAL_USER);

            String roomId = f.createRoomAsBot(Map.of("invite", List.of(HsFixture.REAL_USER)));
            TestHttp.Response join = f.http.post(
                    HsFixture.as(HsFixture.room(roomId) + "/join", HsFixture.REAL_USER), AS_TOKEN, Map.of());
            assertThat(join.status()).as(join.toString()).isEqualTo(200);
            TestHttp.Response sent =
                    f.sendAs(roomId, HsFixture.REAL_USER, "t1", Map.of("msgtype", "m.text", "body", "mine"), 5_000L);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
            assertThat(f.inspectEvents(roomId))
                    .filteredOn(e -> e.path("type").asText().equals("m.room.message"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.path("sender").asText()).isEqualTo(HsFixture.REAL_USER);
                        assertThat(e.path("origin_server_ts").asLong()).isEqualTo(5_000L);
                    });
        }
    }

    @Test
    void anExclusiveNamespaceCoveringTheOwnerIsRefused() {
        Registration exclusive = new Registration(
                "imessage",
                null,
                AS_TOKEN,
                HsFixture.HS_TOKEN,
                "sender_localpart_xyz",
                List.of("^@imessage_.*:localhost$", OWNER_NAMESPACE),
                false);
        try (HsFixture f = HsFixture.start(HsConfig.defaults(exclusive))) {
            TestHttp.Response whoami =
                    f.http.get(HsFixture.as("/_matrix/client/v3/account/whoami", HsFixture.REAL_USER), AS_TOKEN);
            assertThat(whoami.status()).isEqualTo(403);
            assertThat(whoami.errcode()).isEqualTo("M_FORBIDDEN");
        }
    }

    @Test
    void withoutANamespaceForTheOwnerMasqueradingIsRefused() {
        try (HsFixture f = HsFixture.start(HsConfig.defaults(registration(List.of())))) {
            TestHttp.Response whoami =
                    f.http.get(HsFixture.as("/_matrix/client/v3/account/whoami", HsFixture.REAL_USER), AS_TOKEN);
            assertThat(whoami.status()).isEqualTo(403);
            assertThat(whoami.errcode()).isEqualTo("M_FORBIDDEN");
        }
    }

    @Test
    void theRegistrationFileMarksWhichNamespacesAreShared(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("registration.yaml"), """
                id: imessage
                as_token: a
                hs_token: h
                sender_localpart: imessagebot
                namespaces:
                  users:
                    - regex: '^@imessage_.*:localhost$'
                      exclusive: true
                    - regex: '^@user:localhost$'
                      exclusive: false
                """);
        Registration reg = Registration.load(file);
        assertThat(reg.userRegexes()).containsExactly("^@imessage_.*:localhost$", OWNER_NAMESPACE);
        assertThat(reg.sharedUserRegexes()).containsExactly(OWNER_NAMESPACE);
    }

    private static Registration registration(List<String> shared) {
        List<String> regexes =
                new java.util.ArrayList<>(List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"));
        regexes.addAll(shared);
        return new Registration(
                "imessage", null, AS_TOKEN, HsFixture.HS_TOKEN, "sender_localpart_xyz", regexes, false, shared);
    }
}
