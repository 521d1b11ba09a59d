package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.matrixside.MembershipChange;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RoomSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matrix-side events routed from real transactions of the double to the listener. */
class MatrixEventRouterTest {
    private static final String ALICE = "tel:+15551234567";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<MembershipChange> memberships = new CopyOnWriteArrayList<>();
    private final List<BotCommand> commands = new CopyOnWriteArrayList<>();
    private final Set<String> managementRooms = ConcurrentHashMap.newKeySet();

    @Test
    void theOwnerLeavingAPortalAndCommandsInTheManagementRoomReachTheListener() throws Exception {
        MatrixEventListener listener = new MatrixEventListener() {
            @Override
            public void onMembership(MembershipChange change) {
                memberships.add(change);
            }

            @Override
            public void onCommand(BotCommand command) {
                commands.add(command);
            }
        };
        TransactionHandler router =
                new MatrixEventRouter(TestConfigs.config("http://127.0.0.1:1"), managementRooms::contains, listener);
        try (DoubleFixture fx = DoubleFixture.start(
                tmp, router, new InMemoryTransactionLog(), UnaryOperator.identity(), UnaryOperator.identity())) {
            fx.gateway.start();
            String portal = fx.gateway.createRoom(new RoomSpec(ALICE, PortalKind.DM, null, List.of(ALICE)));
            fx.asOwner("/rooms/" + Urls.encode(portal) + "/join", Map.of());
            fx.asOwner("/rooms/" + Urls.encode(portal) + "/leave", Map.of("reason", "not needed"));

            String management = JSON.readTree(
                            fx.asOwner("/createRoom", Map.of("invite", List.of(DoubleFixture.BOT), "is_direct", true)))
                    .path("room_id")
                    .asText();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> memberships.stream()
                            .anyMatch(m ->
                                    m.roomId().equals(management) && m.userId().equals(DoubleFixture.BOT)));
            managementRooms.add(management);
            fx.gateway.joinRoomAsBot(management);
            String otherPortal = fx.gateway.createRoom(
                    new RoomSpec("mailto:bob@example.com", PortalKind.DM, null, List.of("mailto:bob@example.com")));
            fx.asOwner("/rooms/" + Urls.encode(otherPortal) + "/join", Map.of());
            fx.asOwner(
                    "/rooms/" + Urls.encode(otherPortal) + "/send/m.room.message/c2",
                    Map.of("msgtype", "m.text", "body", "status"),
                    "PUT");
            // Pushed in order: once the command below arrived, "status" was routed (and must have been skipped).
            fx.asOwner(
                    "/rooms/" + Urls.encode(management) + "/send/m.room.message/c1",
                    Map.of("msgtype", "m.text", "body", "  Backfill  tel:+15551234567 "),
                    "PUT");
            await().atMost(Duration.ofSeconds(10)).until(() -> !commands.isEmpty());
            BotCommand command = commands.getFirst();
            assertThat(command.name()).isEqualTo(BotCommand.Name.BACKFILL);
            assertThat(command.args()).containsExactly("tel:+15551234567");
            assertThat(command.sender()).isEqualTo(TestConfigs.OWNER);
            assertThat(commands)
                    .as("messages outside management rooms are no commands")
                    .hasSize(1);
            MembershipChange left = memberships.stream()
                    .filter(m -> m.roomId().equals(portal) && "leave".equals(m.membership()))
                    .findFirst()
                    .orElseThrow();
            assertThat(left.leftByThemselves()).isTrue();
            assertThat(left.userId()).isEqualTo(TestConfigs.OWNER);
            assertThat(left.reason()).isEqualTo("not needed");
            assertThat(memberships)
                    .as("the bot's own invites and the ghosts' joins are echoes")
                    .noneMatch(m -> m.sender().equals(DoubleFixture.BOT))
                    .noneMatch(m -> m.userId().startsWith("@imessage_"));
            String answer = fx.gateway.sendBotNotice(management, "reply." + command.eventId(), "backfill queued");
            assertThat(fx.gateway.sendBotNotice(management, "reply." + command.eventId(), "backfill queued"))
                    .isEqualTo(answer);
        }
    }

    @Test
    void commandsAreParsedFromTheFirstWord() {
        assertThat(BotCommand.parse("!r", "$e", "@u:s", "retry-attachments", 1).name())
                .isEqualTo(BotCommand.Name.RETRY_ATTACHMENTS);
        assertThat(BotCommand.parse("!r", "$e", "@u:s", "RESTORE-CHAT gid:x", 1).args())
                .containsExactly("gid:x");
        assertThat(BotCommand.parse("!r", "$e", "@u:s", "dance", 1).name()).isEqualTo(BotCommand.Name.UNKNOWN);
        assertThat(BotCommand.parse("!r", "$e", "@u:s", "   ", 1)).isNull();
    }
}
