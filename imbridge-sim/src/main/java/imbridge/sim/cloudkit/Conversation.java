package imbridge.sim.cloudkit;

/**
 * What the generator intended for one conversation. Tests compare it with the ground truth, which is
 * derived from the records alone, so the two act as independent witnesses.
 *
 * @param portalId       the portal ID the conversation must map to
 * @param chatId         the {@code chatID} its messages carry (the DM cid or the group UUID)
 * @param chatRecordName null for a DM that has no chat record
 * @param messageCount   the conversation's well-formed content messages (tapbacks, system rows and other
 *                       extras of profile {@code full} not included)
 * @param role           what the conversation is there to exercise
 */
public record Conversation(
        String portalId, Kind kind, String chatId, String chatRecordName, int messageCount, Role role) {

    public enum Kind {
        DM,
        GROUP
    }

    /** Why the conversation exists; every role but {@link #ORDINARY} belongs to profile {@code full}. */
    public enum Role {
        /** Bridged normally. */
        ORDINARY,
        /** Its chat record is filtered ({@code filt} ≠ 0): never bridged. */
        FILTERED,
        /** The owner talking to themselves: portal = the owner's handle. */
        SELF_CHAT,
        /** Its chat record is tombstoned in the initial history. */
        DELETED,
        /** Its chat record is tombstoned late, after the conversation was visible. */
        DELETED_LATE,
        /** Its chat record is malformed: bridged from message data alone, without a name. */
        MALFORMED_CHAT,
        /** Chat record and messages all arrive late. */
        LATE
    }

    public Conversation(String portalId, Kind kind, String chatId, String chatRecordName, int messageCount) {
        this(portalId, kind, chatId, chatRecordName, messageCount, Role.ORDINARY);
    }

    public boolean hasChatRecord() {
        return chatRecordName != null;
    }
}
