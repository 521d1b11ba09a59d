package imbridge.core.backfill;

/**
 * iMessage tapback types to reaction keys (behaviour.md §5.3): 2000–2006 add, 3000–3006 remove; index 0 ❤️, 1 👍, 2 👎,
 * 3 😂, 4 ‼️, 5 ❓, 6 the custom emoji (👍 when the record has none, as the live path does, behaviour.md §11.3 item 15).
 * Keys carry U+FE0F where the emoji needs it, as Matrix clients send them.
 */
public final class TapbackEmoji {
    private static final String[] KEYS = {"❤️", "👍", "👎", "😂", "‼️", "❓"};
    private static final String CUSTOM_FALLBACK = "👍";

    private TapbackEmoji() {}

    /** Whether the type adds (2000–2006) or removes (3000–3006) a reaction; other types are no reaction. */
    public static boolean isReaction(int type) {
        return (type >= 2000 && type <= 2006) || (type >= 3000 && type <= 3006);
    }

    public static boolean isRemove(int type) {
        return type >= 3000;
    }

    /** The key of a reaction type; {@code custom} is the record's custom emoji (type index 6). */
    public static String key(int type, String custom) {
        if (!isReaction(type)) {
            throw new IllegalArgumentException("tapback type " + type + " is not a reaction (2000–2006, 3000–3006)");
        }
        int index = type % 1000;
        if (index < KEYS.length) {
            return KEYS[index];
        }
        return custom == null || custom.isBlank() ? CUSTOM_FALLBACK : custom.trim();
    }
}
