package imbridge.core.model;

import java.util.List;

/** A message record as decoded from {@code MessageEncryptedV3}, before portal resolution. */
public record CloudMessage(
        String recordName,
        String guid,
        String chatId,
        String sender,
        boolean fromMe,
        long timestampMs,
        String text,
        String subject,
        String service,
        long flags,
        List<String> attachmentGuids,
        boolean hasBody,
        MessageExtras extras) {

    /** Flag bits (field {@code flags}). */
    public static final long FLAG_FROM_ME = 1L << 2;

    public static final long FLAG_SYSTEM = 1L << 14;
    public static final long FLAG_SERVICE = 1L << 17;

    public CloudMessage {
        attachmentGuids = attachmentGuids == null ? List.of() : List.copyOf(attachmentGuids);
        extras = extras == null ? MessageExtras.NONE : extras;
    }

    public CloudMessage(
            String recordName,
            String guid,
            String chatId,
            String sender,
            boolean fromMe,
            long timestampMs,
            String text,
            String subject,
            String service,
            long flags,
            List<String> attachmentGuids,
            boolean hasBody) {
        this(
                recordName,
                guid,
                chatId,
                sender,
                fromMe,
                timestampMs,
                text,
                subject,
                service,
                flags,
                attachmentGuids,
                hasBody,
                MessageExtras.NONE);
    }

    /** System and service messages (group renames, "X left") are not conversation content. */
    public boolean isSystemOrService() {
        return (flags & (FLAG_SYSTEM | FLAG_SERVICE)) != 0;
    }
}
