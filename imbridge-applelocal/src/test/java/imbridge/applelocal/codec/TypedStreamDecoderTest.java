package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.applelocal.codec.TestTypedStreamWriter.Body;
import imbridge.applelocal.codec.TestTypedStreamWriter.Run;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding attributed bodies: the spec's example, Foundation values, runs, bubbles and malformed streams. */
class TypedStreamDecoderTest {
    private static final String PART = AttributeKeys.MESSAGE_PART;

    @Test
    void decodesTheSpecExample() throws Exception {
        AttributedBody body = TypedStreamDecoder.decode(SpecExample.bytes(SpecExample.HI_BOB));

        assertThat(body.text()).isEqualTo("Hi Bob");
        assertThat(body.runs())
                .containsExactly(
                        new AttributeRun(0, 3, Map.of(PART, 0L)),
                        new AttributeRun(3, 3, Map.of(PART, 0L, AttributeKeys.MENTION, "+15551234567")));
        assertThat(body.components())
                .containsExactly(new BodyComponent.Text(
                        0,
                        0,
                        6,
                        List.of(
                                new BodyComponent.Range(0, 3, List.of(new TextEffect.Plain())),
                                new BodyComponent.Range(3, 6, List.of(new TextEffect.Mention("+15551234567"))))));
    }

    @Test
    void theTestWriterReproducesTheSpecExampleByteForByte() {
        Map<String, Object> mention = new LinkedHashMap<>();
        mention.put(AttributeKeys.MENTION, "+15551234567");
        mention.put(PART, 0);
        byte[] written =
                TestTypedStreamWriter.encode("Hi Bob", List.of(new Run(3, Map.of(PART, 0)), new Run(3, mention)));

        assertThat(written).isEqualTo(SpecExample.bytes(SpecExample.HI_BOB));
    }

    @Test
    void repeatedAttributeSetIdsReuseTheirDictionary() throws Exception {
        Map<String, Object> plain = Map.of(PART, 0);
        Map<String, Object> bold = Map.of(PART, 0, AttributeKeys.BOLD, 1);
        AttributedBody body = decode("one two three", List.of(new Run(4, plain), new Run(4, bold), new Run(5, plain)));

        assertThat(body.runs())
                .extracting(AttributeRun::attributes)
                .containsExactly(Map.of(PART, 0L), Map.of(PART, 0L, AttributeKeys.BOLD, 1L), Map.of(PART, 0L));
        assertThat(body.runs().get(0).attributes()).isSameAs(body.runs().get(2).attributes());
    }

    @Test
    void runLengthsAreUtf16Units() throws Exception {
        String text = "a🅱️c"; // 🅱️ = surrogate pair + variation selector = 3 UTF-16 units
        AttributedBody body = decode(
                text,
                List.of(
                        new Run(1, Map.of(PART, 0)),
                        new Run(3, Map.of(PART, 0, AttributeKeys.BOLD, 1)),
                        new Run(1, Map.of(PART, 0))));

        BodyComponent.Text component = (BodyComponent.Text) body.components().getFirst();
        BodyComponent.Range bold = component.ranges().get(1);
        assertThat(text.substring(bold.start(), bold.end())).isEqualTo("🅱️");
    }

    @Test
    void referencesBeyond110ObjectsResolve() throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // each run: a dictionary, a key string and a value string
            runs.add(new Run(1, Map.of("k", "v" + i)));
        }
        runs.add(new Run(1, Map.of(PART, 7))); // NSNumber 7 lands beyond slot 180
        runs.add(new Run(1, Map.of(PART, 7, AttributeKeys.BOLD, 1))); // re-uses it by a two-byte reference
        byte[] blob = TestTypedStreamWriter.encode("x".repeat(62), runs);

        AttributedBody body = TypedStreamDecoder.decode(blob);

        assertThat(body.runs()).hasSize(62);
        assertThat(body.runs().get(59).attributes()).containsEntry("k", "v59");
        assertThat(body.runs().get(61).attributes()).containsEntry(PART, 7L).containsEntry(AttributeKeys.BOLD, 1L);
        assertThat(body.components().getLast().partIndex()).isEqualTo(7);
    }

    @Test
    void doublesWrittenAsIntegersComeBackAsDoubles() throws Exception {
        AttributedBody body = decode(
                "\uFFFC",
                List.of(new Run(
                        1,
                        Map.of(
                                PART,
                                0,
                                AttributeKeys.FILE_TRANSFER_GUID,
                                "at_0_GUID",
                                AttributeKeys.INLINE_MEDIA_WIDTH,
                                300.0,
                                AttributeKeys.INLINE_MEDIA_HEIGHT,
                                12.5))));
        byte[] blob = encode("\uFFFC", List.of(new Run(1, Map.of(AttributeKeys.INLINE_MEDIA_WIDTH, 300.0))));

        assertThat(body.runs().getFirst().attributes())
                .containsEntry(AttributeKeys.INLINE_MEDIA_WIDTH, 300.0)
                .containsEntry(AttributeKeys.INLINE_MEDIA_HEIGHT, 12.5);
        assertThat(indexOf(blob, new byte[] {(byte) 0x81, 0x2C, 0x01}))
                .as("300 written as an integer")
                .isPositive();
        assertThat(body.components())
                .containsExactly(new BodyComponent.Attachment(0, 0, "at_0_GUID", null, 300.0, 12.5, null));
    }

    @Test
    void integerAttachmentSizesAreAccepted() throws Exception {
        AttributedBody body = decode(
                "\uFFFC",
                List.of(new Run(
                        1,
                        Map.of(
                                PART,
                                2,
                                AttributeKeys.INLINE_MEDIA_WIDTH,
                                640,
                                AttributeKeys.INLINE_MEDIA_HEIGHT,
                                480L,
                                AttributeKeys.FILENAME,
                                "IMG_0001.HEIC",
                                AttributeKeys.AUDIO_TRANSCRIPTION,
                                "hello"))));

        assertThat(body.components())
                .containsExactly(new BodyComponent.Attachment(2, 0, null, "IMG_0001.HEIC", 640.0, 480.0, "hello"));
    }

    @Test
    void sixtyFourBitNumbersUseTag87() throws Exception {
        long big = 1L << 40;
        byte[] blob = encode("x", List.of(new Run(1, Map.of("big", big))));

        assertThat(indexOf(blob, new byte[] {(byte) 0x87, 0, 0, 0, 0, 0, 1, 0, 0}))
                .isPositive();
        assertThat(TypedStreamDecoder.decode(blob).runs().getFirst().attributes())
                .containsEntry("big", big);
    }

    @Test
    void foundationValuesBecomePlainJavaValues() throws Exception {
        Instant when = Instant.parse("2001-09-09T01:46:40Z"); // Unix 1e9 = 21692800 s after 2001
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(AttributeKeys.LINK, URI.create("https://example.com/a?b=c"));
        attributes.put("data", new byte[] {1, 2, 3});
        attributes.put("empty", new byte[0]);
        attributes.put("list", List.of("a", 1));
        attributes.put("dict", Map.of("code", "123456"));
        attributes.put("date", when);
        attributes.put("null", TestTypedStreamWriter.NULL);
        attributes.put("real", 0.25);

        Map<String, Object> decoded =
                decode("x", List.of(new Run(1, attributes))).runs().getFirst().attributes();

        assertThat(decoded.get(AttributeKeys.LINK)).isEqualTo("https://example.com/a?b=c");
        assertThat((byte[]) decoded.get("data")).containsExactly(1, 2, 3);
        assertThat((byte[]) decoded.get("empty")).isEmpty();
        assertThat(decoded.get("list")).isEqualTo(List.of("a", 1L));
        assertThat(decoded.get("dict")).isEqualTo(Map.of("code", "123456"));
        assertThat(decoded.get("date")).isEqualTo(when);
        assertThat(decoded.get("null")).isEqualTo(new OpaqueObject("NSNull", List.of()));
        assertThat(decoded.get("real")).isEqualTo(0.25);
    }

    @Test
    void textRunsOfOnePartMergeAndAttachmentsSplitThem() throws Exception {
        String text = "Hi Bob, see https://x.io\uFFFCbye";
        Map<String, Object> link = new LinkedHashMap<>(Map.of(PART, 0, AttributeKeys.BOLD, 1));
        link.put(AttributeKeys.LINK, URI.create("https://x.io"));
        AttributedBody body = decode(
                text,
                List.of(
                        new Run(3, Map.of(PART, 0)),
                        new Run(3, Map.of(PART, 0, AttributeKeys.MENTION, "bob@example.com")),
                        new Run(6, Map.of(PART, 0)),
                        new Run(12, link),
                        new Run(1, Map.of(PART, 1, AttributeKeys.FILE_TRANSFER_GUID, "G")),
                        new Run(3, Map.of(PART, 2, AttributeKeys.TEXT_EFFECT, 5))));

        assertThat(body.components())
                .containsExactly(
                        new BodyComponent.Text(
                                0,
                                0,
                                24,
                                List.of(
                                        new BodyComponent.Range(0, 3, List.of(new TextEffect.Plain())),
                                        new BodyComponent.Range(
                                                3, 6, List.of(new TextEffect.Mention("bob@example.com"))),
                                        new BodyComponent.Range(6, 12, List.of(new TextEffect.Plain())),
                                        new BodyComponent.Range(
                                                12,
                                                24,
                                                List.of(new TextEffect.Link("https://x.io"), new TextEffect.Bold())))),
                        new BodyComponent.Attachment(1, 24, "G", null, null, null, null),
                        new BodyComponent.Text(
                                2,
                                25,
                                28,
                                List.of(new BodyComponent.Range(25, 28, List.of(new TextEffect.Animation(5))))));
    }

    @Test
    void partIndexChangeStartsANewTextComponentAndMissingPartIsMinusOne() throws Exception {
        AttributedBody body = decode(
                "abcd",
                List.of(
                        new Run(2, Map.of(PART, 0)),
                        new Run(1, Map.of(PART, 1)),
                        new Run(
                                1,
                                Map.of(
                                        AttributeKeys.ITALIC,
                                        1,
                                        AttributeKeys.UNDERLINE,
                                        1,
                                        AttributeKeys.STRIKETHROUGH,
                                        1))));

        assertThat(body.components()).extracting(BodyComponent::partIndex).containsExactly(0, 1, -1);
        assertThat(((BodyComponent.Text) body.components().getLast())
                        .ranges()
                        .getFirst()
                        .effects())
                .containsExactly(new TextEffect.Italic(), new TextEffect.Underline(), new TextEffect.Strikethrough());
    }

    @Test
    void zeroFlagsAreNoEffect() throws Exception {
        AttributedBody body = decode("ab", List.of(new Run(2, Map.of(AttributeKeys.BOLD, 0))));

        assertThat(((BodyComponent.Text) body.components().getFirst())
                        .ranges()
                        .getFirst()
                        .effects())
                .containsExactly(new TextEffect.Plain());
    }

    @Test
    void immutableRootsAndEmptyBodiesDecode() throws Exception {
        AttributedBody immutable = TypedStreamDecoder.decode(TestTypedStreamWriter.encode(
                new Body("plain", List.of(new Run(5, Map.of(PART, 0))), false)));
        AttributedBody unsent = TypedStreamDecoder.decode(TestTypedStreamWriter.encode(new Body("", List.of(), true)));

        assertThat(immutable.text()).isEqualTo("plain");
        assertThat(immutable.components()).hasSize(1);
        assertThat(unsent.text()).isEmpty();
        assertThat(unsent.runs()).isEmpty();
        assertThat(unsent.components()).isEmpty();
    }

    @Test
    void textTheRunsLeaveUncoveredIsPlainTextWithoutPart() throws Exception {
        AttributedBody body = decode("abcdef", List.of(new Run(2, Map.of(PART, 0, AttributeKeys.BOLD, 1))));

        assertThat(body.components())
                .containsExactly(
                        new BodyComponent.Text(
                                0, 0, 2, List.of(new BodyComponent.Range(0, 2, List.of(new TextEffect.Bold())))),
                        new BodyComponent.Text(
                                -1, 2, 6, List.of(new BodyComponent.Range(2, 6, List.of(new TextEffect.Plain())))));
    }

    @Test
    void aBareStringRootIsTextWithoutRuns() throws Exception {
        AttributedBody body = TypedStreamDecoder.decode(TestTypedStreamWriter.encode("just text"));

        assertThat(body.text()).isEqualTo("just text");
        assertThat(body.runs()).isEmpty();
        assertThat(body.components()).hasSize(1);
    }

    @Test
    void malformedStreamsAreRejected() {
        byte[] good = SpecExample.bytes(SpecExample.HI_BOB);
        byte[] bigEndian = good.clone();
        System.arraycopy("typedstream".getBytes(StandardCharsets.US_ASCII), 0, bigEndian, 2, 11);
        byte[] oldVersion = good.clone();
        oldVersion[0] = 3;

        assertRejected(bigEndian, "big-endian");
        assertRejected(oldVersion, "streamer version 3");
        assertRejected(Arrays.copyOf(good, good.length - 20), "needs");
        assertRejected(new byte[0], "empty");
        assertRejected(TestTypedStreamWriter.encode(List.of("not", "a", "body")), "not an NSAttributedString");
        assertRejected(encode("ab", List.of(new Run(3, Map.of(PART, 0)))), "leaves the text");
    }

    @Test
    void anObjectContainingItselfIsRejected() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);

        assertRejected(encode("x", List.of(new Run(1, Map.of("self", cyclic)))), "contains itself");
    }

    @Test
    void aSmallGraphThatExpandsIntoAHugeTreeIsRejected() {
        Object level = "leaf";
        for (int i = 0; i < 24; i++) { // 2^24 leaves when expanded, 24 objects when shared
            level = List.of(level, level);
        }
        byte[] blob = encode("x", List.of(new Run(1, Map.of("bomb", level))));

        assertThat(blob.length).isLessThan(1_000);
        assertRejected(blob, "expands to more than");
    }

    @Test
    void deepNestingIsRejectedWithoutExhaustingTheStack() {
        Object nested = "leaf";
        for (int i = 0; i < 1_000; i++) {
            nested = List.of(nested);
        }

        assertRejected(encode("x", List.of(new Run(1, Map.of("deep", nested)))), "nested deeper");
    }

    private static void assertRejected(byte[] blob, String reason) {
        assertThatThrownBy(() -> TypedStreamDecoder.decode(blob))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining(reason);
    }

    private static AttributedBody decode(String text, List<Run> runs) throws AppleDecodeException {
        return TypedStreamDecoder.decode(encode(text, runs));
    }

    private static byte[] encode(String text, List<Run> runs) {
        return TestTypedStreamWriter.encode(text, runs);
    }

    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
