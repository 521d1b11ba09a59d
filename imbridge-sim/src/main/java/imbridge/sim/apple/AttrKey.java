package imbridge.sim.apple;

/**
 * An attribute key of a message body: one NSString object. NSArchiver writes an object once and refers back to
 * it afterwards by identity, so two {@code AttrKey}s with the same name are two NSString objects in the stream
 * (Apple's own bodies mix both: most runs share one key object, some carry a fresh copy). Compare keys by
 * {@link #name()}; identity only decides how they are archived.
 */
public final class AttrKey {

    public static final AttrKey PART = new AttrKey("__kIMMessagePartAttributeName");
    public static final AttrKey FILE_TRANSFER_GUID = new AttrKey("__kIMFileTransferGUIDAttributeName");
    public static final AttrKey FILENAME = new AttrKey("__kIMFilenameAttributeName");
    public static final AttrKey MENTION = new AttrKey("__kIMMentionConfirmedMention");
    public static final AttrKey LINK = new AttrKey("__kIMLinkAttributeName");
    public static final AttrKey BOLD = new AttrKey("__kIMTextBoldAttributeName");
    public static final AttrKey ITALIC = new AttrKey("__kIMTextItalicAttributeName");
    public static final AttrKey UNDERLINE = new AttrKey("__kIMTextUnderlineAttributeName");
    public static final AttrKey STRIKETHROUGH = new AttrKey("__kIMTextStrikethroughAttributeName");
    public static final AttrKey BASE_WRITING_DIRECTION = new AttrKey("__kIMBaseWritingDirectionAttributeName");

    private final String name;

    private AttrKey(String name) {
        this.name = name;
    }

    /** A key object of its own for {@code name} (archived as a new NSString). */
    public static AttrKey named(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an attribute key needs a name");
        }
        return new AttrKey(name);
    }

    /** Another NSString object with this key's name. */
    public AttrKey fresh() {
        return new AttrKey(name);
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
