package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.matrixside.OwnerMessage;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the owner sees, against the homeserver double: with double puppeting the owner's own parts, edits and read
 * receipts come from the owner's real account (joined to the portal, never renamed), and the ghost of the owner's
 * handle never enters the room; without the owner's namespace in the registration the homeserver refuses and that
 * ghost is the fallback. Ghost and DM room names come from the templates.
 */
class DoublePuppetGatewayTest {
    private static final String ALICE = "tel:+15551234567";
    private static final String OWN_EMAIL = "mailto:owner@icloud.com";
    private static final List<String> OWN_HANDLES = List.of(TestConfigs.OWNER_HANDLE, OWN_EMAIL);

    @RegisterExtension
    final Doubles doubles = new Doubles();

    @TempDir
    Path tmp;

    @Test
    void theOwnersPartsEditsAndReceiptsComeFromTheOwnersOwnAccount() throws Exception {
        DoubleFixture f = doubles.start(new OwnerView(true, OWN_HANDLES, "{name} (iMessage)", null), true);
        assertThat(f.gateway.doublePuppeting()).isTrue();
        String room = f.dm(ALICE);
        assertThat(f.room(room).path("members").path(TestConfigs.OWNER).asText())
                .as("the owner's account accepted its invite")
                .isEqualTo("join");

        String theirs = f.gateway.send(room, ALICE, text("g-1", "hi"), 1_000L);
        String mine = f.gateway.send(room, OWN_EMAIL, text("g-2", "hello back"), 2_000L);
        f.gateway.sendEdit(room, TestConfigs.OWNER_HANDLE, mine, "hello again", "imb.g-2.edit.1", 3_000L);
        f.gateway.markRead(room, TestConfigs.OWNER_HANDLE, theirs, 4_000L);

        List<JsonNode> messages = f.messages(room);
        assertThat(messages)
                .extracting(e -> e.path("sender").asText())
                .containsExactly(f.gateway.ghostNames().userId(ALICE), TestConfigs.OWNER, TestConfigs.OWNER);
        assertThat(messages.get(1).path("content").path(OwnerAccount.SOURCE_KEY).asText())
                .as("the echo is recognisable as the bridge's")
                .isEqualTo("imessage");
        assertThat(messages.get(1).path("origin_server_ts").asLong()).isEqualTo(2_000L);
        JsonNode receipt = f.inspect("/_double/rooms/" + Urls.encode(room) + "/receipts")
                .path(TestConfigs.OWNER)
                .path("m.read");
        assertThat(receipt.path("event_id").asText()).isEqualTo(theirs);
        for (String own : OWN_HANDLES) {
            assertThat(f.room(room).path("members").has(f.gateway.ghostNames().userId(own)))
                    .as("the ghost of %s never joins", own)
                    .isFalse();
        }
        assertThat(f.room(room).path("name").asText())
                .as("a DM without a contact is named after the formatted number")
                .isEqualTo("+1 555-123-4567");
        assertThat(memberDisplayName(f, room, f.gateway.ghostNames().userId(ALICE)))
                .isEqualTo("+1 555-123-4567 (iMessage)");
        JsonNode serviceMembers = f.events(room).stream()
                .filter(e -> e.path("type").asText().equals(RoomCreation.FUNCTIONAL_MEMBERS))
                .findFirst()
                .orElseThrow()
                .path("content")
                .path("service_members");
        assertThat(serviceMembers)
                .extracting(JsonNode::asText)
                .contains(DoubleFixture.BOT, f.gateway.ghostNames().userId(TestConfigs.OWNER_HANDLE));
    }

    @Test
    void aDmIsListedOnceInTheOwnersDirectChatsKeepingTheOtherEntriesAcrossARestart() throws Exception {
        OwnerView view = new OwnerView(true, OWN_HANDLES, null, null);
        DoubleFixture f = doubles.start(view, true);
        f.asOwner(
                "/user/" + Urls.encode(TestConfigs.OWNER) + "/account_data/m.direct",
                Map.of("@friend:elsewhere.org", List.of("!theirs:elsewhere.org")),
                "PUT");
        String room = f.dm(ALICE);
        String selfChat = f.dm(OWN_EMAIL);

        f.gateway.listAsDirect(room, ALICE);
        f.gateway.listAsDirect(room, ALICE);
        f.gateway.listAsDirect(selfChat, OWN_EMAIL);
        try (AppserviceGateway restarted = new AppserviceGateway(
                f.cfg, java.net.http.HttpClient.newHttpClient(), imbridge.core.util.Waiter.real(), view)) {
            restarted.start();
            restarted.listAsDirect(room, ALICE);
        }

        JsonNode direct = f.ownerAccountData("m.direct");
        assertThat(direct).as("the owner's m.direct").isNotNull();
        assertThat(direct.path(f.gateway.ghostNames().userId(ALICE)))
                .extracting(JsonNode::asText)
                .containsExactly(room);
        assertThat(direct.path("@friend:elsewhere.org"))
                .as("what the owner's clients put there stays")
                .extracting(JsonNode::asText)
                .containsExactly("!theirs:elsewhere.org");
        assertThat(direct.size())
                .as("a chat with oneself has no counterpart to list")
                .isEqualTo(2);
    }

    @Test
    void withoutTheOwnersNamespaceTheHomeserverRefusesAndTheOwnersGhostSends() throws Exception {
        DoubleFixture f = doubles.start(new OwnerView(true, OWN_HANDLES, null, null), false);
        assertThat(f.gateway.doublePuppeting()).as("fell back at start-up").isFalse();
        String room = f.dm(ALICE);
        String theirs = f.gateway.send(room, ALICE, text("g-1", "hi"), 1_000L);

        f.gateway.send(room, TestConfigs.OWNER_HANDLE, text("g-2", "hello back"), 2_000L);
        f.gateway.markRead(room, TestConfigs.OWNER_HANDLE, theirs, 3_000L);

        String ownerGhost = f.gateway.ghostNames().userId(TestConfigs.OWNER_HANDLE);
        assertThat(f.messages(room))
                .extracting(e -> e.path("sender").asText())
                .containsExactly(f.gateway.ghostNames().userId(ALICE), ownerGhost);
        assertThat(f.messages(room).get(1).path("content").has(OwnerAccount.SOURCE_KEY))
                .isFalse();
        JsonNode receipts = f.inspect("/_double/rooms/" + Urls.encode(room) + "/receipts");
        assertThat(receipts.has(TestConfigs.OWNER))
                .as("only a puppet moves the owner's marker")
                .isFalse();
        assertThat(receipts.has(ownerGhost)).isFalse();
        f.gateway.listAsDirect(room, ALICE);
        assertThat(f.ownerAccountData("m.direct"))
                .as("nobody may write the owner's account data")
                .isNull();
        assertThat(f.room(room).path("members").path(TestConfigs.OWNER).asText())
                .as("invited; the owner joins from their client")
                .isEqualTo("invite");
    }

    @Test
    void theEchoOfAPuppetedSendIsNotTakenForTheOwnerWritingFromMatrix() throws Exception {
        List<OwnerMessage> fromMatrix = new CopyOnWriteArrayList<>();
        MatrixEventListener listener = new MatrixEventListener() {
            @Override
            public void onMembership(imbridge.core.matrixside.MembershipChange change) {}

            @Override
            public void onCommand(BotCommand command) {}

            @Override
            public void onOwnerMessage(OwnerMessage message) {
                fromMatrix.add(message);
            }
        };
        MatrixEventRouter router =
                new MatrixEventRouter(TestConfigs.config("http://127.0.0.1:1"), id -> false, id -> true, listener);
        try (DoubleFixture f = DoubleFixture.start(
                tmp,
                router,
                new InMemoryTransactionLog(),
                UnaryOperator.identity(),
                DoubleFixture::fastRetries,
                new OwnerView(true, OWN_HANDLES, null, null),
                true)) {
            f.gateway.start();
            String room = f.dm(ALICE);
            f.gateway.send(room, TestConfigs.OWNER_HANDLE, text("g-1", "from my iPhone"), 0);
            f.asOwner(
                    "/rooms/" + Urls.encode(room) + "/send/m.room.message/typed-1",
                    Map.of("msgtype", "m.text", "body", "typed in Element"),
                    "PUT");

            await().atMost(Duration.ofSeconds(10)).until(() -> !fromMatrix.isEmpty());
            assertThat(fromMatrix).extracting(OwnerMessage::body).containsExactly("typed in Element");
        }
    }

    private static String memberDisplayName(DoubleFixture f, String room, String userId) throws Exception {
        return f.events(room).stream()
                .filter(e -> e.path("type").asText().equals("m.room.member")
                        && e.path("state_key").asText().equals(userId)
                        && e.path("content").path("membership").asText().equals("join"))
                .reduce((a, b) -> b)
                .orElseThrow()
                .path("content")
                .path("displayname")
                .asText();
    }

    private static OutgoingPart text(String guid, String body) {
        return new OutgoingPart.Text(PartKey.text(guid), guid, ALICE, body);
    }
}
