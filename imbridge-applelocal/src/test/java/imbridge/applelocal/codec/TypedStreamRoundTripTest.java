package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.applelocal.codec.TestTypedStreamWriter.Run;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Bodies written by the independent test writer decode to their text and runs; bubbles tile the text in order;
 * the legacy scan recovers the exact text of every well-formed body.
 */
class TypedStreamRoundTripTest {
    /** Attribute sets a piece may carry; one Map instance per set, so repeated sets share an id as in Apple's data. */
    private static final List<Map<String, Object>> TEXT_SETS = List.of(
            Map.of(AttributeKeys.MESSAGE_PART, 0),
            Map.of(AttributeKeys.MESSAGE_PART, 0, AttributeKeys.BOLD, 1),
            Map.of(AttributeKeys.MESSAGE_PART, 1, AttributeKeys.MENTION, "+15551234567"),
            Map.of(AttributeKeys.MESSAGE_PART, 2, AttributeKeys.LINK, URI.create("https://example.com/x?y=1")),
            Map.of(AttributeKeys.MESSAGE_PART, 2, AttributeKeys.TEXT_EFFECT, 12L, AttributeKeys.ITALIC, 1),
            Map.of());

    private static final List<Map<String, Object>> ATTACHMENT_SETS = List.of(
            Map.of(
                    AttributeKeys.MESSAGE_PART,
                    3,
                    AttributeKeys.FILE_TRANSFER_GUID,
                    "at_3_GUID",
                    AttributeKeys.INLINE_MEDIA_WIDTH,
                    1.5,
                    AttributeKeys.INLINE_MEDIA_HEIGHT,
                    300.0),
            Map.of(
                    AttributeKeys.MESSAGE_PART,
                    4,
                    AttributeKeys.FILENAME,
                    "voice.caf",
                    AttributeKeys.AUDIO_TRANSCRIPTION,
                    "hello there"));

    /** One run's text and attribute set. */
    record Piece(String text, Map<String, Object> attributes) {}

    @Property(tries = 300)
    void writtenBodiesDecodeToTheirTextAndRuns(@ForAll("bodies") List<Piece> pieces) throws Exception {
        String text = pieces.stream().map(Piece::text).reduce("", String::concat);
        byte[] blob = TestTypedStreamWriter.encode(
                text,
                pieces.stream()
                        .map(p -> new Run(p.text().length(), p.attributes()))
                        .toList());

        AttributedBody body = TypedStreamDecoder.decode(blob);

        assertThat(body.text()).isEqualTo(text);
        List<AttributeRun> expected = new ArrayList<>();
        int start = 0;
        for (Piece piece : pieces) {
            expected.add(new AttributeRun(start, piece.text().length(), decoded(piece.attributes())));
            start += piece.text().length();
        }
        assertThat(body.runs()).isEqualTo(expected);
        assertThat(coveredInOrder(body)).isEqualTo(text.length());
        assertThat(LegacyText.scan(blob).orElse("")).isEqualTo(text);
        assertThat(AppleFacts.attributedBody(blob).get("text").asText()).isEqualTo(text);
    }

    @Provide
    Arbitrary<List<Piece>> bodies() {
        Arbitrary<String> plain = Arbitraries.strings()
                .withChars("abc XYZ\n<&>é\u2184")
                .withCharRange('\u4E00', '\u4E10')
                .ofMinLength(1)
                .ofMaxLength(30);
        Arbitrary<String> words =
                Combinators.combine(plain, Arbitraries.of("", "", "", "😀🅱️")).as(String::concat);
        Arbitrary<Piece> textPiece =
                Combinators.combine(words, Arbitraries.of(TEXT_SETS)).as(Piece::new);
        Arbitrary<Piece> attachmentPiece = Arbitraries.of(ATTACHMENT_SETS).map(a -> new Piece("\uFFFC", a));
        return Arbitraries.frequencyOf(Tuple.of(4, textPiece), Tuple.of(1, attachmentPiece))
                .list()
                .ofMaxSize(12);
    }

    /** Walks the bubbles in order; each must start where the previous ended. Returns where the last one ends. */
    private static int coveredInOrder(AttributedBody body) {
        int at = 0;
        for (BodyComponent component : body.components()) {
            switch (component) {
                case BodyComponent.Text text -> {
                    assertThat(text.start()).isEqualTo(at);
                    for (BodyComponent.Range range : text.ranges()) {
                        assertThat(range.start()).isEqualTo(at);
                        assertThat(range.effects()).isNotEmpty();
                        at = range.end();
                    }
                    assertThat(text.end()).isEqualTo(at);
                }
                case BodyComponent.Attachment attachment -> {
                    assertThat(attachment.position()).isEqualTo(at);
                    assertThat(body.text().charAt(at)).isEqualTo('\uFFFC');
                    at++;
                }
            }
        }
        return at;
    }

    /** What the decoder makes of the writer's values: integers are Long, URLs their string. */
    private static Map<String, Object> decoded(Map<String, Object> written) {
        Map<String, Object> out = new LinkedHashMap<>();
        written.forEach((key, value) -> out.put(
                key,
                switch (value) {
                    case Integer i -> (long) i;
                    case URI uri -> uri.toString();
                    default -> value;
                }));
        return out;
    }
}
