package imbridge.applelocal.chatdb;

/** The three generations of the Messages schema a reader meets (behaviour.md §AL1.7), newest first. */
public enum SchemaTier {
    MODERN("macOS 13+/iOS 16+ (Recently Deleted, edits)"),
    REPLIES("macOS 11-12/iOS 14-15 (replies)"),
    LEGACY("macOS <= 10.15/iOS <= 13");

    private final String label;

    SchemaTier(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
