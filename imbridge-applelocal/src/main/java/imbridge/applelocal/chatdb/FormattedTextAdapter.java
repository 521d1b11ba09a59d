package imbridge.applelocal.chatdb;

import imbridge.applelocal.codec.AttributedBody;
import imbridge.applelocal.codec.BodyComponent;

import java.util.Optional;
import java.util.function.Function;

/**
 * The one place the reader asks the codec for a text bubble's Matrix {@code formatted_body} (bold, italic,
 * underline, strikethrough, links, mentions). The codec's {@code FormattedText.html(body, text, mentionHref)} is
 * written on another branch; when it is merged, this method's body becomes that single call. Until then every
 * bubble is plain text (empty), which the layout records as "no formatting".
 */
final class FormattedTextAdapter {
    private FormattedTextAdapter() {
    }

    static Optional<String> html(AttributedBody body, BodyComponent.Text text, Function<String, String> mentionHref) {
        return Optional.empty();
    }
}
