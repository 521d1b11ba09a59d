package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.matrix.OwnerView;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ghost profiles and DM room names, read back from a real homeserver double through the Client-Server API
 * ({@link ClientServerProfiles}, {@link ClientServerReader}, {@link ClientServerMediaFetcher}) and compared with the
 * truth by {@link ProfileVerification}.
 */
class ProfileVerificationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AS_TOKEN = "as-token-for-profile-test";
    private static final String BOT = "@imessagebot:localhost";
    private static final String OWNER = "@user:localhost";
    private static final String ALICE = "tel:+15551234567";
    private static final String BOB = "mailto:bob@example.com";
    private static final GhostResolver GHOSTS = GhostResolver.imessage("localhost");
    private static final byte[] PHOTO = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7};

    private HomeserverDouble hs;
    private HttpClient http;
    private String aliceRoom;
    private String bobRoom;

    @BeforeEach
    void start() {
        Registration registration = new Registration(
                "imessage",
                null,
                AS_TOKEN,
                "hs-token",
                "imessagebot",
                List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"),
                false);
        hs = HomeserverDouble.start(HsConfig.defaults(registration));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String alice = ghost(ALICE, "Alice Smith");
        ghost(BOB, "bob@example.com");
        String mxc = upload(PHOTO);
        as(
                alice,
                "PUT",
                "/_matrix/client/v3/profile/" + HttpGet.segment(alice) + "/avatar_url",
                "{\"avatar_url\":\"" + mxc + "\"}");
        aliceRoom = createDm(ALICE, "Alice Smith");
        bobRoom = createDm(BOB, "bob@example.com"); // no contact: named after the address, as its ghost shows it
    }

    @AfterEach
    void stop() {
        hs.close();
        http.close();
    }

    @Test
    void profilesAndDmNamesAsTheTruthSaysPass() {
        ProfileVerification.Result result = check(truth(
                List.of(
                        new ExpectedGhost(ALICE, "Alice Smith", sha256(PHOTO)),
                        new ExpectedGhost(BOB, "bob@example.com", null)),
                "Alice Smith",
                null));

        assertThat(result.ok()).as(result.samples().toString()).isTrue();
        assertThat(result.ghostsChecked()).isEqualTo(2);
        assertThat(result.avatarsChecked()).isEqualTo(1);
        assertThat(result.dmNamesChecked()).isEqualTo(2);
    }

    @Test
    void everyDifferenceIsAProfileMismatch() {
        ProfileVerification.Result result = check(truth(
                List.of(
                        new ExpectedGhost(ALICE, "Alice Smith", sha256(new byte[] {9})), // other bytes
                        new ExpectedGhost(BOB, "Bob Builder", null), // other name
                        new ExpectedGhost("tel:+15550000099", "+1 555-000-0099", null)), // no such ghost
                "Alice Jones",
                "Bob Builder")); // both rooms misnamed

        assertThat(result.profileMismatches()).isEqualTo(5);
        assertThat(result.samples())
                .anyMatch(s -> s.contains("avatar bytes"))
                .anyMatch(s -> s.contains("displayname 'bob@example.com', expected 'Bob Builder'"))
                .anyMatch(s -> s.contains("no such user"))
                .anyMatch(s -> s.contains("room name 'Alice Smith', expected 'Alice Jones'"))
                .anyMatch(s -> s.contains("room name 'bob@example.com', expected 'Bob Builder'"));
    }

    @Test
    void aDmWithoutAContactMustBeNamedAsItsCounterpartsGhostShowsIt() {
        ProfileVerification.Result result = check(truth(
                List.of(
                        new ExpectedGhost(ALICE, "Alice Smith", sha256(PHOTO)),
                        new ExpectedGhost(BOB, "Bobby at work", null)),
                "Alice Smith",
                null));

        assertThat(result.profileMismatches()).isEqualTo(2); // Bob's displayname, and his room's name
        assertThat(result.samples()).anyMatch(s -> s.contains("room name 'bob@example.com', expected 'Bobby at work'"));
    }

    @Test
    void anAvatarWhereNoneIsExpectedAndNoneWhereOneIsAreMismatches() {
        ProfileVerification.Result result = check(truth(
                List.of(
                        new ExpectedGhost(ALICE, "Alice Smith", null),
                        new ExpectedGhost(BOB, "bob@example.com", sha256(PHOTO))),
                "Alice Smith",
                null));

        assertThat(result.profileMismatches()).isEqualTo(2);
        assertThat(result.samples())
                .anyMatch(s -> s.contains("expected none"))
                .anyMatch(s -> s.contains("no avatar, expected the contact's photo"));
    }

    @Test
    void withADisplayNameTemplateTheTemplatedNamesPassAndAWrongOneStillFails() {
        GhostResolver templated =
                GHOSTS.withNames(new OwnerView(false, List.of(), "{name} (iMessage)", "{name} on iMessage"));
        displayName(ALICE, "Alice Smith (iMessage)"); // what a bridge with the template writes
        displayName(BOB, "bob@example.com (iMessage)");
        rename(aliceRoom, "Alice Smith on iMessage");
        rename(bobRoom, "bob@example.com on iMessage");
        GroundTruth truth = truth(
                List.of(
                        new ExpectedGhost(ALICE, "Alice Smith", sha256(PHOTO)),
                        new ExpectedGhost(BOB, "bob@example.com", null)),
                "Alice Smith",
                null);

        ProfileVerification.Result plain = check(truth, GHOSTS);
        assertThat(plain.profileMismatches())
                .as("the plain names are not what this bridge writes: two ghosts, two rooms")
                .isEqualTo(4);

        ProfileVerification.Result passing = check(truth, templated);
        assertThat(passing.ok()).as(passing.samples().toString()).isTrue();
        assertThat(passing.ghostsChecked()).isEqualTo(2);
        assertThat(passing.dmNamesChecked()).isEqualTo(2);

        displayName(BOB, "Bob (iMessage)"); // a wrong name in the right template
        ProfileVerification.Result wrong = check(truth, templated);
        assertThat(wrong.profileMismatches()).isEqualTo(1);
        assertThat(wrong.samples())
                .containsExactly("ghost " + GHOSTS.mxidOf(BOB)
                        + ": displayname 'Bob (iMessage)', expected 'bob@example.com (iMessage)'");
    }

    private ProfileVerification.Result check(GroundTruth truth) {
        return check(truth, GHOSTS);
    }

    private ProfileVerification.Result check(GroundTruth truth, GhostResolver ghosts) {
        ClientServerHttp bot = new ClientServerHttp(http, hs.baseUrl(), AS_TOKEN, BOT);
        List<DeliveredRoom> rooms = new ClientServerReader(bot, OWNER).read();
        return ProfileVerification.check(
                truth, rooms, new ClientServerProfiles(bot), new ClientServerMediaFetcher(bot), ghosts);
    }

    private static GroundTruth truth(List<ExpectedGhost> ghosts, String aliceDmName, String bobDmName) {
        return new GroundTruth(
                5L,
                null,
                List.of("tel:+15550000001"),
                List.of(
                        new ExpectedPortal(ALICE, "dm", aliceDmName, List.of(ALICE), List.of()),
                        new ExpectedPortal(BOB, "dm", bobDmName, List.of(BOB), List.of())),
                List.of(),
                List.of(),
                List.of(),
                LiveExpectations.NONE,
                ghosts);
    }

    // ---- acting as the bridge, through the double's Client-Server API -------------------------------------

    private String ghost(String handle, String displayName) {
        String mxid = GHOSTS.mxidOf(handle);
        String localpart = mxid.substring(1, mxid.indexOf(':'));
        as(
                null,
                "POST",
                "/_matrix/client/v3/register",
                "{\"type\":\"m.login.application_service\",\"username\":\"" + localpart + "\"}");
        return displayName(handle, displayName);
    }

    private String displayName(String handle, String displayName) {
        String mxid = GHOSTS.mxidOf(handle);
        as(
                mxid,
                "PUT",
                "/_matrix/client/v3/profile/" + HttpGet.segment(mxid) + "/displayname",
                "{\"displayname\":\"" + displayName + "\"}");
        return mxid;
    }

    private void rename(String roomId, String name) {
        as(
                BOT,
                "PUT",
                "/_matrix/client/v3/rooms/" + HttpGet.segment(roomId) + "/state/m.room.name/",
                "{\"name\":\"" + name + "\"}");
    }

    private String createDm(String portalId, String name) {
        String body = """
                {"is_direct":true,%s"invite":["%s"],"initial_state":[{"type":"m.bridge","state_key":"imessage://%s",
                 "content":{"bridgebot":"%s","channel":{"id":"%s"}}}]}""".formatted(name == null ? "" : "\"name\":\"" + name + "\",", OWNER, portalId, BOT, portalId);
        return as(BOT, "POST", "/_matrix/client/v3/createRoom", body)
                .path("room_id")
                .asText();
    }

    private String upload(byte[] bytes) {
        return send(HttpRequest.newBuilder(
                                URI.create(hs.baseUrl() + "/_matrix/media/v3/upload?user_id=" + HttpGet.segment(BOT)))
                        .header("Content-Type", "image/jpeg")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)))
                .get("content_uri")
                .asText();
    }

    private JsonNode as(String user, String method, String path, String json) {
        String query = user == null ? "" : "?user_id=" + HttpGet.segment(user);
        return send(HttpRequest.newBuilder(URI.create(hs.baseUrl() + path + query))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(
                    request.header("Authorization", "Bearer " + AS_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
