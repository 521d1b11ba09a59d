package imbridge.cloudkit;

/** Which attachment GUIDs are worth keeping: non-empty, ASCII, at most 256 characters (behaviour.md §3.4). */
final class AttachmentGuids {
    static final int MAX_LENGTH = 256;

    private AttachmentGuids() {}

    static boolean isUsable(String guid) {
        return guid != null
                && !guid.isEmpty()
                && guid.length() <= MAX_LENGTH
                && guid.chars().allMatch(c -> c < 0x80);
    }
}
