package imbridge.applelocal.codec;

import java.util.Map;

/** The attribute keys of a Messages body that the codec interprets (spec 3.6), and typed reads of their values. */
public final class AttributeKeys {
    public static final String MESSAGE_PART = "__kIMMessagePartAttributeName";
    public static final String FILE_TRANSFER_GUID = "__kIMFileTransferGUIDAttributeName";
    public static final String FILENAME = "__kIMFilenameAttributeName";
    public static final String INLINE_MEDIA_PREFIX = "__kIMInlineMedia";
    public static final String INLINE_MEDIA_WIDTH = "__kIMInlineMediaWidthAttributeName";
    public static final String INLINE_MEDIA_HEIGHT = "__kIMInlineMediaHeightAttributeName";
    public static final String AUDIO_TRANSCRIPTION = "IMAudioTranscription";
    public static final String MENTION = "__kIMMentionConfirmedMention";
    public static final String LINK = "__kIMLinkAttributeName";
    public static final String BOLD = "__kIMTextBoldAttributeName";
    public static final String ITALIC = "__kIMTextItalicAttributeName";
    public static final String UNDERLINE = "__kIMTextUnderlineAttributeName";
    public static final String STRIKETHROUGH = "__kIMTextStrikethroughAttributeName";
    public static final String TEXT_EFFECT = "__kIMTextEffectAttributeName";

    private AttributeKeys() {}

    /** Whether a run with these attributes stands for an attachment rather than text. */
    static boolean isAttachment(Map<String, Object> attributes) {
        for (String key : attributes.keySet()) {
            if (key.equals(FILE_TRANSFER_GUID)
                    || key.equals(FILENAME)
                    || key.equals(AUDIO_TRANSCRIPTION)
                    || key.startsWith(INLINE_MEDIA_PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /** Apple's part index of a run, or -1 when absent or not a small non-negative number. */
    static int partIndex(Map<String, Object> attributes) {
        if (attributes.get(MESSAGE_PART) instanceof Number n
                && n.doubleValue() == n.longValue()
                && n.longValue() >= 0
                && n.longValue() <= Integer.MAX_VALUE) {
            return (int) n.longValue();
        }
        return -1;
    }

    static String string(Map<String, Object> attributes, String key) {
        return attributes.get(key) instanceof String s ? s : null;
    }

    /** A number attribute as a double; Apple writes integral sizes as integers. */
    static Double number(Map<String, Object> attributes, String key) {
        return attributes.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    /** A flag attribute: present and not a zero number. */
    static boolean flag(Map<String, Object> attributes, String key) {
        Object value = attributes.get(key);
        if (value == null) {
            return false;
        }
        return !(value instanceof Number n) || n.doubleValue() != 0;
    }
}
