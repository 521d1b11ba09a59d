package imbridge.sim.cloudkit;

import java.util.List;
import java.util.Set;

/** Zone names of the Messages-in-iCloud container (field notes §C.3). */
public final class Zones {

    public static final String OWNER = "_defaultOwner";

    public static final String CHATS = "chatManateeZone";
    public static final String MESSAGES = "messageManateeZone";
    public static final String ATTACHMENTS = "attachmentManateeZone";
    public static final String RECOVERABLE_MESSAGE_DELETE = "recoverableMessageDeleteZone";
    public static final String CHAT_BOT_RECOVERABLE_MESSAGE_DELETE = "chatBotRecoverableMessageDeleteZone";

    /** Every zone the container has, in {@code zones/list} order. Only the first three hold data. */
    public static final List<String> ALL = List.of(
            CHATS,
            MESSAGES,
            ATTACHMENTS,
            "chat1ManateeZone",
            "messageUpdateZone",
            RECOVERABLE_MESSAGE_DELETE,
            "scheduledMessageZone",
            "chatBotMessageZone",
            "chatBotAttachmentZone",
            CHAT_BOT_RECOVERABLE_MESSAGE_DELETE);

    private static final Set<String> RECOVERABLE =
            Set.of(RECOVERABLE_MESSAGE_DELETE, CHAT_BOT_RECOVERABLE_MESSAGE_DELETE);

    private Zones() {}

    /** Apple's "Recently Deleted" staging zones, which a correct bridge never touches. */
    public static boolean isRecoverable(String zoneName) {
        return RECOVERABLE.contains(zoneName);
    }
}
