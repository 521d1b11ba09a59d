package imbridge.core.model;

/** The CloudKit zones imbridge syncs. The recoverable-delete zones are deliberately absent: never read. */
public enum Zone {
    CHATS("chatManateeZone"),
    MESSAGES("messageManateeZone"),
    ATTACHMENTS("attachmentManateeZone");

    private final String zoneName;

    Zone(String zoneName) {
        this.zoneName = zoneName;
    }

    public String zoneName() {
        return zoneName;
    }
}
