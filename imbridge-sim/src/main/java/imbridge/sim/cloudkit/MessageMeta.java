package imbridge.sim.cloudkit;

/**
 * The optional {@code MessageEncryptedV3} fields of the full record model (wire-contracts.md §1): tapback, reply,
 * edit, unsend and read markers. Null (or false) means the field is absent from the record.
 *
 * @param assocType  tapback type: 2000–2005 add, 2006 custom emoji, 3000–3006 remove
 * @param assocGuid  tapback target {@code p:<part>/<guid>}
 * @param assocEmoji custom emoji of a 2006/3006 tapback
 * @param replyGuid  reply target {@code r:<part>:<guid>}
 * @param unsent     the sender retracted the message (the record then carries no text)
 * @param editedAtNs ns since 2001-01-01 of the last edit
 * @param dateReadNs ns since 2001-01-01 when the recipient read the message
 */
public record MessageMeta(
        Long assocType,
        String assocGuid,
        String assocEmoji,
        String replyGuid,
        boolean unsent,
        Long editedAtNs,
        Long dateReadNs) {

    public static final MessageMeta NONE = new MessageMeta(null, null, null, null, false, null, null);

    public static final long TAPBACK_MIN = 2000;

    public static MessageMeta tapback(long type, String targetGuid, String emoji) {
        return new MessageMeta(type, "p:0/" + targetGuid, emoji, null, false, null, null);
    }

    public static MessageMeta reply(String targetGuid) {
        return new MessageMeta(null, null, null, "r:0:" + targetGuid, false, null, null);
    }

    public static MessageMeta edited(long editedAtNs) {
        return new MessageMeta(null, null, null, null, false, editedAtNs, null);
    }

    public static MessageMeta retracted() {
        return new MessageMeta(null, null, null, null, true, null, null);
    }

    public MessageMeta withDateRead(long ns) {
        return new MessageMeta(assocType, assocGuid, assocEmoji, replyGuid, unsent, editedAtNs, ns);
    }

    /** Associated-message types from 2000 on are tapbacks (adds and removes); they are reactions, not messages. */
    public boolean isTapback() {
        return assocType != null && assocType >= TAPBACK_MIN;
    }
}
