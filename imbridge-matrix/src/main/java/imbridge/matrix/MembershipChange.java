package imbridge.matrix;

/**
 * A membership event from the homeserver about someone other than our ghosts: the owner leaving (the
 * "Matrix-side delete" of a portal), being kicked or banned, joining, or inviting the bot somewhere.
 *
 * @param previous the membership before this event ({@code unsigned.prev_content}), or null when unknown
 * @param reason   the optional reason given, or null
 */
public record MembershipChange(String roomId, String eventId, String userId, String sender, String membership,
                               String previous, String reason, long timestampMs) {

    /** The user left on their own (left or "deleted" the room in their client). */
    public boolean leftByThemselves() {
        return "leave".equals(membership) && userId.equals(sender);
    }

    /** Someone else removed the user (kick or ban). */
    public boolean removedByOther() {
        return ("leave".equals(membership) || "ban".equals(membership)) && !userId.equals(sender);
    }
}
