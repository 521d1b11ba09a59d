package imbridge.core.matrixside;

import java.util.Objects;

/**
 * A membership event from the homeserver about a real user (or about the bot, changed by a real user):
 * the owner leaving or "deleting" a portal room (the Matrix-side delete), being kicked or banned,
 * joining, or inviting the bot somewhere. Events about the bridge's own ghosts never become one.
 *
 * @param userId   the user whose membership changed (the event's {@code state_key})
 * @param sender   who changed it (the user themselves, or a moderator)
 * @param previous the membership before this event ({@code unsigned.prev_content}), or null when unknown
 * @param reason   the optional reason given, or null
 */
public record MembershipChange(
        String roomId,
        String eventId,
        String userId,
        String sender,
        String membership,
        String previous,
        String reason,
        long timestampMs) {

    public MembershipChange {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(membership, "membership");
    }

    /** The user left on their own (left or "deleted" the room in their client). */
    public boolean leftByThemselves() {
        return "leave".equals(membership) && userId.equals(sender);
    }

    /** Someone else removed the user (kick or ban). */
    public boolean removedByOther() {
        return ("leave".equals(membership) || "ban".equals(membership)) && !userId.equals(sender);
    }

    /** The user is out of the room after this event, whoever did it. */
    public boolean departure() {
        return "leave".equals(membership) || "ban".equals(membership);
    }
}
