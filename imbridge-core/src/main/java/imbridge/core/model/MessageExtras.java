package imbridge.core.model;

/**
 * What a message record carries beyond its body: tapback (associated message) fields, reply
 * target, edit/unsend markers, read time and the unencrypted {@code msgType}.
 *
 * @param tapbackType       associated-message type: 2000–2999 adds a reaction, ≥3000 removes one; null if none
 * @param tapbackTargetGuid associated-message GUID such as {@code p:0/<GUID>}; the target is what follows '/'
 * @param tapbackEmoji      custom emoji (type index 6)
 * @param replyToGuid       GUID of the message this one replies to (from {@code r:<part>:<guid>}), or null
 * @param unsent            the sender unsent (retracted) the message
 * @param editedAtMs        when the body was last edited (Unix ms), 0 if never
 * @param dateReadMs        when the recipient read my message (Unix ms), 0 if unknown
 * @param msgType           CloudKit's unencrypted {@code msgType}; logged, never used as a filter
 * @param targetPart        the part ID ({@code text}/{@code att<i>}) of the message a reply or tapback is aimed at,
 *                          when the source knows it (the local Apple sources resolve Apple's part index through the
 *                          target's layout); null means the target's first part
 * @param layout            a local Apple source's body layout (Apple's part indices, formatting); null on CloudKit
 */
public record MessageExtras(
        Integer tapbackType,
        String tapbackTargetGuid,
        String tapbackEmoji,
        String replyToGuid,
        boolean unsent,
        long editedAtMs,
        long dateReadMs,
        int msgType,
        String targetPart,
        BodyLayout layout) {

    public static final MessageExtras NONE = new MessageExtras(null, null, null, null, false, 0, 0, 0);

    /** The CloudKit shape: no reply part, no layout. */
    public MessageExtras(
            Integer tapbackType,
            String tapbackTargetGuid,
            String tapbackEmoji,
            String replyToGuid,
            boolean unsent,
            long editedAtMs,
            long dateReadMs,
            int msgType) {
        this(
                tapbackType,
                tapbackTargetGuid,
                tapbackEmoji,
                replyToGuid,
                unsent,
                editedAtMs,
                dateReadMs,
                msgType,
                null,
                null);
    }

    public boolean isTapback() {
        return tapbackType != null && tapbackType >= 2000;
    }

    /**
     * Apple's part index the tapback is aimed at: N for {@code p:N/GUID}, 0 for a balloon ({@code bp:GUID}) or a
     * bare GUID (the whole message), -1 when there is no target or the index is not a number.
     */
    public int tapbackTargetPartIndex() {
        return partIndexOf(tapbackTargetGuid);
    }

    /** {@link #tapbackTargetPartIndex()} of an associated-message GUID as Apple stores it. */
    public static int partIndexOf(String associatedGuid) {
        if (associatedGuid == null || associatedGuid.isBlank()) {
            return -1;
        }
        String t = associatedGuid.trim();
        if (t.startsWith("p:")) {
            int slash = t.indexOf('/');
            try {
                return slash > 2 ? Integer.parseInt(t.substring(2, slash)) : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return 0;
    }

    /** The tapback's target GUID (after the first '/'), or "" when there is none. */
    public String tapbackTarget() {
        if (tapbackTargetGuid == null) {
            return "";
        }
        int slash = tapbackTargetGuid.indexOf('/');
        return slash >= 0 ? tapbackTargetGuid.substring(slash + 1) : tapbackTargetGuid;
    }
}
