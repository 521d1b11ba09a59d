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
 */
public record MessageExtras(Integer tapbackType, String tapbackTargetGuid, String tapbackEmoji, String replyToGuid,
                            boolean unsent, long editedAtMs, long dateReadMs, int msgType) {

    public static final MessageExtras NONE = new MessageExtras(null, null, null, null, false, 0, 0, 0);

    public boolean isTapback() {
        return tapbackType != null && tapbackType >= 2000;
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
