package imbridge.applelocal.codec;

/** What a text run of a message body carries beyond plain text (spec: attribute keys of attributedBody). */
public sealed interface TextEffect {
    /** No recognised effect. */
    record Plain() implements TextEffect {}

    record Mention(String handle) implements TextEffect {}

    record Link(String url) implements TextEffect {}

    record Bold() implements TextEffect {}

    record Italic() implements TextEffect {}

    record Underline() implements TextEffect {}

    record Strikethrough() implements TextEffect {}

    /** An iOS 18 text animation (no Matrix equivalent; kept for inspection). */
    record Animation(long id) implements TextEffect {}
}
