package imbridge.sim.cloudkit;

import java.util.List;
import java.util.Objects;

/**
 * A {@code MessageEncryptedV3} record of {@code messageManateeZone}.
 *
 * @param guid            lower-case UUID
 * @param chatId          the group UUID for groups, the DM {@code cid} for DMs
 * @param sender          raw sender handle (the owner's handle for is-from-me messages)
 * @param timeNs          nanoseconds since 2001-01-01T00:00:00Z
 * @param text            body, null for attachment-only messages
 * @param subject         null unless the message has one
 * @param attachmentGuids attachment GUIDs in order (empty when none)
 * @param msgType         CloudKit's unencrypted message type; varies and is never a filter
 * @param meta            tapback, reply, edit, unsend and read fields ({@link MessageMeta#NONE} when none)
 */
public record MessageRecord(
        String recordName,
        String guid,
        String chatId,
        String sender,
        long timeNs,
        long flags,
        String text,
        String subject,
        List<String> attachmentGuids,
        String service,
        long msgType,
        MessageMeta meta)
        implements CkRecord {

    public static final String TYPE = "MessageEncryptedV3";
    public static final long FLAG_FROM_ME = 1L << 2;
    public static final long FLAG_READ = 1L << 13;
    public static final long FLAG_SYSTEM = 1L << 14;
    public static final long FLAG_SENT = 1L << 15;
    public static final long FLAG_SERVICE = 1L << 17;

    public MessageRecord {
        Objects.requireNonNull(recordName, "recordName");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(service, "service");
        attachmentGuids = List.copyOf(attachmentGuids);
        meta = meta == null ? MessageMeta.NONE : meta;
    }

    /** A message without tapback, reply, edit, unsend or read fields. */
    public MessageRecord(
            String recordName,
            String guid,
            String chatId,
            String sender,
            long timeNs,
            long flags,
            String text,
            String subject,
            List<String> attachmentGuids,
            String service,
            long msgType) {
        this(
                recordName,
                guid,
                chatId,
                sender,
                timeNs,
                flags,
                text,
                subject,
                attachmentGuids,
                service,
                msgType,
                MessageMeta.NONE);
    }

    @Override
    public String recordType() {
        return TYPE;
    }

    @Override
    public String zoneName() {
        return Zones.MESSAGES;
    }

    public boolean fromMe() {
        return (flags & FLAG_FROM_ME) != 0;
    }

    /** Group renames, "X left" and similar rows: flagged, never conversation content. */
    public boolean isSystemOrService() {
        return (flags & (FLAG_SYSTEM | FLAG_SERVICE)) != 0;
    }
}
