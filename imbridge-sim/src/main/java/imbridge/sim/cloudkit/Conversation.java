package imbridge.sim.cloudkit;

/**
 * What the generator intended for one conversation. Tests compare it with the ground truth, which is
 * derived from the records alone, so the two act as independent witnesses.
 *
 * @param portalId       the portal ID the conversation must map to
 * @param chatId         the {@code chatID} its messages carry (the DM cid or the group UUID)
 * @param chatRecordName null for a DM that has no chat record
 */
public record Conversation(String portalId, Kind kind, String chatId, String chatRecordName, int messageCount) {

    public enum Kind { DM, GROUP }

    public boolean hasChatRecord() {
        return chatRecordName != null;
    }
}
