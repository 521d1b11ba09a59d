package imbridge.core.portal;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortalIdResolverTest {
    private final PortalIdResolver resolver = new PortalIdResolver(List.of("tel:+15550000001", "owner@icloud.com"));

    @Test
    void normalisesPhonesAndEmails() {
        assertThat(Handles.normalize("5551234567")).isEqualTo("tel:+15551234567");
        assertThat(Handles.normalize("15551234567")).isEqualTo("tel:+15551234567");
        assertThat(Handles.normalize("tel:+44 20 7946 0958")).isEqualTo("tel:+442079460958");
        assertThat(Handles.normalize("Alice.Smith@Example.com")).isEqualTo("mailto:alice.smith@example.com");
        assertThat(Handles.normalize("mailto:Bob@X.org")).isEqualTo("mailto:bob@x.org");
        assertThat(Handles.normalize("12345")).isEqualTo("tel:12345");
        assertThat(Handles.normalize("  ")).isEmpty();
    }

    @Test
    void groupChatsUseTheLowerCaseGroupId() {
        CloudChat g = new CloudChat(
                "r1",
                "chat123",
                "ABCDEF01-2345-6789-ABCD-EF0123456789",
                43,
                "iMessage",
                "Team",
                List.of("tel:+15551112222", "mailto:x@y.z"),
                false);
        assertThat(resolver.resolveChat(g)).isEqualTo("gid:abcdef01-2345-6789-abcd-ef0123456789");
    }

    @Test
    void dmChatsResolveToTheOneRemoteParticipant() {
        CloudChat dm = new CloudChat(
                "r2",
                "iMessage;-;+15551112222",
                "",
                45,
                "iMessage",
                null,
                List.of("+15551112222", "tel:+15550000001"),
                false);
        assertThat(resolver.resolveChat(dm)).isEqualTo("tel:+15551112222");
        CloudChat self = new CloudChat(
                "r3",
                "iMessage;-;owner@icloud.com",
                "",
                45,
                "iMessage",
                null,
                List.of("mailto:OWNER@icloud.com"),
                false);
        assertThat(resolver.resolveChat(self)).isEqualTo("mailto:owner@icloud.com");
        CloudChat none = new CloudChat("r4", "x", "", 45, "iMessage", null, List.of(""), false);
        assertThat(resolver.resolveChat(none)).isEmpty();
    }

    private static CloudMessage msg(String chatId, String sender, boolean fromMe) {
        return new CloudMessage("rec", "guid", chatId, sender, fromMe, 1, "hi", null, "iMessage", 0, List.of(), true);
    }

    @Test
    void messagesResolveByGroupUuidKnownChatOrSender() {
        Map<String, String> chats = Map.of("chat99", "gid:known");
        assertThat(resolver.resolveMessage(
                        msg("ABCDEF01-2345-6789-ABCD-EF0123456789", "+15551112222", false),
                        id -> Optional.ofNullable(chats.get(id))))
                .isEqualTo("gid:abcdef01-2345-6789-abcd-ef0123456789");
        assertThat(resolver.resolveMessage(
                        msg("chat99", "+15551112222", false), id -> Optional.ofNullable(chats.get(id))))
                .isEqualTo("gid:known");
        // a DM without a chat record resolves from the sender ...
        assertThat(resolver.resolveMessage(msg("iMessage;-;+15551112222", "5551112222", false), id -> Optional.empty()))
                .isEqualTo("tel:+15551112222");
        // ... or, for my own messages, from the chat identifier
        assertThat(resolver.resolveMessage(
                        msg("iMessage;-;Carol@Example.com", "tel:+15550000001", true), id -> Optional.empty()))
                .isEqualTo("mailto:carol@example.com");
        assertThat(resolver.resolveMessage(msg("", "", true), id -> Optional.empty()))
                .isEmpty();
    }
}
