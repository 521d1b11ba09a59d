package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.applelocal.codec.TestTypedStreamWriter.Run;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** formatted_body HTML from decoded bodies. */
class FormattedTextTest {
    private static final String PART = AttributeKeys.MESSAGE_PART;
    private static final Function<String, String> PILLS =
            handle -> "https://matrix.to/#/@imessage_" + handle.replace("+", "") + ":example.org";

    @Test
    void plainAndAnimatedTextHasNoHtml() throws Exception {
        AttributedBody body = decode(
                "hello <world>",
                new Run(6, Map.of(PART, 0)),
                new Run(7, Map.of(PART, 0, AttributeKeys.TEXT_EFFECT, 9)));

        assertThat(FormattedText.html(body, firstText(body), PILLS)).isEmpty();
    }

    @Test
    void stylesNestAndTextIsEscaped() throws Exception {
        AttributedBody body = decode(
                "a<b & c>'\"",
                new Run(2, Map.of(PART, 0)),
                new Run(
                        8,
                        Map.of(
                                PART,
                                0,
                                AttributeKeys.BOLD,
                                1,
                                AttributeKeys.ITALIC,
                                1,
                                AttributeKeys.UNDERLINE,
                                1,
                                AttributeKeys.STRIKETHROUGH,
                                1)));

        assertThat(FormattedText.html(body, firstText(body), PILLS))
                .contains("a&lt;<b><i><u><del>b &amp; c&gt;&#39;&quot;</del></u></i></b>");
    }

    @Test
    void mentionsBecomePillsOrStayTextWithoutATarget() throws Exception {
        AttributedBody body = decode(
                "Hi Bob!",
                new Run(3, Map.of(PART, 0)),
                new Run(3, Map.of(PART, 0, AttributeKeys.MENTION, "+15551234567")),
                new Run(1, Map.of(PART, 0)));

        assertThat(FormattedText.html(body, firstText(body), PILLS))
                .contains("Hi <a href=\"https://matrix.to/#/@imessage_15551234567:example.org\">Bob</a>!");
        assertThat(FormattedText.html(body, firstText(body), handle -> null)).isEmpty();
    }

    @Test
    void onlySafeLinkSchemesBecomeAnchors() throws Exception {
        Map<String, Object> web = new LinkedHashMap<>(Map.of(PART, 0));
        web.put(AttributeKeys.LINK, URI.create("https://example.com/?a=1&b=2"));
        Map<String, Object> script = new LinkedHashMap<>(Map.of(PART, 0, AttributeKeys.BOLD, 1));
        script.put(AttributeKeys.LINK, "javascript:alert(1)");
        Map<String, Object> phone = new LinkedHashMap<>(Map.of(PART, 0));
        phone.put(AttributeKeys.LINK, URI.create("tel:+15551234567"));
        AttributedBody body = decode("site evil call", new Run(5, web), new Run(5, script), new Run(4, phone));

        assertThat(FormattedText.html(body, firstText(body), PILLS))
                .contains("<a href=\"https://example.com/?a=1&amp;b=2\">site </a><b>evil </b>"
                        + "<a href=\"tel:+15551234567\">call</a>");
    }

    @Test
    void anUnlinkableLinkAloneIsNoFormatting() throws Exception {
        AttributedBody body = decode("x", new Run(1, Map.of(PART, 0, AttributeKeys.LINK, "file:///etc/passwd")));

        assertThat(FormattedText.html(body, firstText(body), PILLS)).isEmpty();
    }

    @Test
    void newlinesBecomeBreaks() throws Exception {
        AttributedBody body = decode("one\ntwo\r\nthree", new Run(14, Map.of(PART, 0, AttributeKeys.BOLD, 1)));

        assertThat(FormattedText.html(body, firstText(body), PILLS)).contains("<b>one<br>two<br>three</b>");
    }

    @Test
    void onlyTheGivenBubbleIsRendered() throws Exception {
        AttributedBody body = decode(
                "ab\uFFFCcd",
                new Run(2, Map.of(PART, 0)),
                new Run(1, Map.of(PART, 1, AttributeKeys.FILE_TRANSFER_GUID, "G")),
                new Run(2, Map.of(PART, 2, AttributeKeys.ITALIC, 1)));
        BodyComponent.Text second = (BodyComponent.Text) body.components().get(2);

        assertThat(FormattedText.html(body, firstText(body), PILLS)).isEmpty();
        assertThat(FormattedText.html(body, second, PILLS)).contains("<i>cd</i>");
    }

    private static BodyComponent.Text firstText(AttributedBody body) {
        return body.components().stream()
                .filter(BodyComponent.Text.class::isInstance)
                .map(BodyComponent.Text.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static AttributedBody decode(String text, Run... runs) throws AppleDecodeException {
        return TypedStreamDecoder.decode(TestTypedStreamWriter.encode(text, List.of(runs)));
    }
}
