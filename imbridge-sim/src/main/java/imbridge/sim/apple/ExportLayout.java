package imbridge.sim.apple;

/** Where the export's files live: a Mac's Messages folder or an iPhone backup's {@code sms.db}. */
public enum ExportLayout {
    /** {@code <home>/Library/Messages/chat.db}, attachments under {@code ~/Library/Messages/Attachments}. */
    MAC("~/Library/Messages/Attachments/"),
    /** An unencrypted iPhone backup: {@code sms.db}, attachments under {@code ~/Library/SMS/Attachments}. */
    IOS_BACKUP("~/Library/SMS/Attachments/");

    private final String attachmentsPrefix;

    ExportLayout(String attachmentsPrefix) {
        this.attachmentsPrefix = attachmentsPrefix;
    }

    /**
     * The {@code attachment.filename} of a transfer: {@code <prefix><h0h1>/<h2h3>/<guid>/<file>}, h = lower-case hex
     * SHA-1 of the transfer GUID.
     */
    String attachmentPath(String transferGuid, String fileName) {
        String h = Choices.sha1Hex(transferGuid);
        return attachmentsPrefix + h.substring(0, 2) + "/" + h.substring(2, 4) + "/" + transferGuid + "/" + fileName;
    }

    /** The config value for {@link AppleExport#write}: {@code chatdb} or {@code ios-backup}. */
    public static ExportLayout parse(String kind) {
        return switch (kind == null ? "" : kind.strip()) {
            case "chatdb" -> MAC;
            case "ios-backup" -> IOS_BACKUP;
            default ->
                throw new IllegalArgumentException("apple export kind must be chatdb or ios-backup, got " + kind);
        };
    }
}
