package imbridge.core.model;

import java.util.List;

/** A chat record as decoded from {@code chatEncryptedv2}, before portal resolution. */
public record CloudChat(
        String recordName,
        String cloudChatId,
        String groupId,
        int style,
        String service,
        String displayName,
        List<String> participants,
        boolean filtered) {

    public static final int STYLE_GROUP = 43;
    public static final int STYLE_DM = 45;

    public CloudChat {
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    public boolean isGroup() {
        return style == STYLE_GROUP;
    }
}
