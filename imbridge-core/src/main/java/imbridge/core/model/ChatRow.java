package imbridge.core.model;

import java.util.List;

/** A cached chat (table {@code cloud_chat}) with its resolved portal. */
public record ChatRow(
        String cloudChatId,
        String recordName,
        String groupId,
        String portalId,
        String service,
        String displayName,
        List<String> participants,
        boolean filtered,
        boolean deleted) {

    public ChatRow {
        participants = participants == null ? List.of() : List.copyOf(participants);
    }
}
