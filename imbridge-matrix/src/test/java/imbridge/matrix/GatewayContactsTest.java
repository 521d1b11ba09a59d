package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.model.ContactCard;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.ContactBook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ghost profiles from the address book, over HTTP against the homeserver double: the contact's display name and
 * photo, read back through {@code GET /_matrix/client/v3/profile/{userId}} and the media repository.
 */
class GatewayContactsTest {
    private static final String ALICE = "tel:+15551234567";
    private static final String BOB = "mailto:bob@example.com";
    private static final String CAROL = "tel:+15557654321";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Doubles doubles = new Doubles();

    private DoubleFixture f;
    private final HttpClient http = HttpClient.newHttpClient();
    private final byte[] photo = jpegLike(600);

    /** Alice has a contact with a photo, Bob one without, Carol none (shown formatted). */
    private final ContactBook book = handle -> Optional.ofNullable(Map.of(
                    ALICE, new ContactCard("Alice Smith", "Alice Smith", photo, "image/jpeg"),
                    BOB, new ContactCard("Bob Builder", "Bob Builder", null, null),
                    CAROL, new ContactCard("+1 555-765-4321", null, null, null))
            .get(handle));

    @Test
    void ghostsShowTheContactsNameAndPhotoAndDmRoomsTheContactsName() throws Exception {
        start(UnaryOperator.identity());
        f.gateway.useContacts(book);
        String dm =
                f.gateway.createRoom(new RoomSpec("tel:+15551234567", PortalKind.DM, "Alice Smith", List.of(ALICE)));
        String group =
                f.gateway.createRoom(new RoomSpec("group:g1", PortalKind.GROUP, null, List.of(ALICE, BOB, CAROL)));
        f.gateway.send(group, CAROL, text("c1"), 1_000L);

        JsonNode alice = profile(ghost(ALICE));
        assertThat(alice.path("displayname").asText()).isEqualTo("Alice Smith");
        String avatar = alice.path("avatar_url").asText();
        assertThat(avatar).startsWith("mxc://");
        assertThat(media(avatar)).isEqualTo(photo);
        assertThat(profile(ghost(BOB)).path("displayname").asText()).isEqualTo("Bob Builder");
        assertThat(profile(ghost(BOB)).has("avatar_url")).isFalse();
        assertThat(profile(ghost(CAROL)).path("displayname").asText()).isEqualTo("+1 555-765-4321");
        assertThat(f.room(dm).path("name").asText()).isEqualTo("Alice Smith");
        assertThat(f.room(dm).path("isDirect").asBoolean()).isTrue();
        assertThat(f.room(group).path("name").isNull())
                .as("an unnamed group stays unnamed")
                .isTrue();
        JsonNode member = f.events(group).stream()
                .filter(e -> e.path("type").asText().equals("m.room.member")
                        && e.path("state_key").asText().equals(ghost(ALICE))
                        && e.path("content").path("membership").asText().equals("join"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(member.path("content").path("displayname").asText()).isEqualTo("Alice Smith");
        assertThat(member.path("content").path("avatar_url").asText())
                .as("one upload, reused")
                .isEqualTo(avatar);
        assertThat(f.gateway.avatarsNotSet()).isZero();
    }

    @Test
    void withoutAContactBookGhostsAndDmRoomsShowTheHandleFormattedForPeople() throws Exception {
        start(UnaryOperator.identity());
        String dm = f.gateway.createRoom(new RoomSpec("tel:+15551234567", PortalKind.DM, null, List.of(ALICE)));
        f.gateway.send(dm, ALICE, text("a1"), 1_000L);
        String bobDm = f.gateway.createRoom(new RoomSpec(BOB, PortalKind.DM, null, List.of(BOB)));

        assertThat(profile(ghost(ALICE)).path("displayname").asText()).isEqualTo("+1 555-123-4567");
        assertThat(profile(ghost(ALICE)).has("avatar_url")).isFalse();
        assertThat(f.room(dm).path("name").asText()).isEqualTo("+1 555-123-4567");
        assertThat(profile(ghost(BOB)).path("displayname").asText()).isEqualTo("bob@example.com");
        assertThat(f.room(bobDm).path("name").asText()).isEqualTo("bob@example.com");
    }

    @Test
    void aPhotoTheHomeserverRefusesLeavesTheGhostWithoutAnAvatar() throws Exception {
        start(hs -> hs.withMaxUploadBytes(100));
        f.gateway.useContacts(book);
        String dm =
                f.gateway.createRoom(new RoomSpec("tel:+15551234567", PortalKind.DM, "Alice Smith", List.of(ALICE)));
        String eventId = f.gateway.send(dm, ALICE, text("a1"), 1_000L);

        assertThat(eventId).isNotBlank();
        assertThat(profile(ghost(ALICE)).path("displayname").asText()).isEqualTo("Alice Smith");
        assertThat(profile(ghost(ALICE)).has("avatar_url")).isFalse();
        assertThat(f.gateway.avatarsNotSet()).isEqualTo(1);
    }

    private void start(UnaryOperator<imbridge.sim.hs.HsConfig> hs) throws Exception {
        f = doubles.start(hs, UnaryOperator.identity());
    }

    private String ghost(String handle) {
        return f.gateway.ghostNames().userId(handle);
    }

    private static OutgoingPart text(String guid) {
        return new OutgoingPart.Text(PartKey.text(guid), guid, null, "hello " + guid);
    }

    /** The Client-Server profile endpoint, as the bot. */
    private JsonNode profile(String userId) throws Exception {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(f.hs.baseUrl() + "/_matrix/client/v3/profile/" + Urls.encode(userId)))
                        .header("Authorization", "Bearer " + f.cfg.asToken())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private byte[] media(String mxc) throws Exception {
        String rest = mxc.substring("mxc://".length());
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(f.hs.baseUrl() + "/_double/media/" + rest))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Bytes that start like a JPEG (the gateway passes them through; the media type comes with the card). */
    private static byte[] jpegLike(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        b[0] = (byte) 0xff;
        b[1] = (byte) 0xd8;
        b[2] = (byte) 0xff;
        return b;
    }
}
