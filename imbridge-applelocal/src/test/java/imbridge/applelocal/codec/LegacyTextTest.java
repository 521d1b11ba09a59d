package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.applelocal.codec.AppleFixturesTest.Fixtures;
import imbridge.applelocal.codec.TestTypedStreamWriter.Run;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The byte-scan fallback of spec 3.8, including the cases where the spec's scan goes wrong. */
class LegacyTextTest {

    @Test
    void recoversTheTextOfRealBlobs() {
        assertThat(LegacyText.scan(Fixtures.bytes("typedstream/AttributedBodyTextOnly")))
                .contains("Noter test");
        assertThat(LegacyText.scan(Fixtures.bytes("typedstream/Mention"))).contains("Test Dad ");
        assertThat(LegacyText.scan(Fixtures.bytes("typedstream/MultiPart")))
                .contains("\uFFFCtest 1\uFFFCtest 2 \uFFFCtest 3");
    }

    @Test
    void aTruncatedBlobYieldsTheTextThatIsLeft() {
        byte[] blob = Fixtures.bytes("typedstream/AttributedBodyTextOnly");
        int textStart = TypedStreamDecoderTest.indexOf(blob, "Noter".getBytes(StandardCharsets.US_ASCII));

        assertThat(LegacyText.scan(Arrays.copyOf(blob, textStart + 5))).contains("Noter");
    }

    @Test
    void longBodiesUseTheirTwoAndFourByteLengths() {
        String medium = "m".repeat(200) + "é"; // 81 xx xx length
        String large = "L".repeat(40_000) + "ü"; // 82 xx xx xx xx length (the spec's scan mis-trims these)

        assertThat(LegacyText.scan(body(medium))).contains(medium);
        assertThat(LegacyText.scan(body(large))).contains(large);
    }

    @Test
    void textContainingTheEndMarkerBytesStaysWhole() {
        String text = "before \u2184 after"; // U+2184 is E2 86 84 in UTF-8: the spec's scan would cut here

        assertThat(LegacyText.scan(body(text))).contains(text);
    }

    @Test
    void emptyOrStringlessBlobsYieldNothing() {
        assertThat(LegacyText.scan(body(""))).isEmpty();
        assertThat(LegacyText.scan(new byte[] {4, 11, 1, 2, 3})).isEmpty();
        assertThat(LegacyText.scan(new byte[0])).isEmpty();
        assertThat(LegacyText.scan(null)).isEmpty();
        assertThat(LegacyText.scan(new byte[] {0x01, 0x2B})).isEmpty();
        assertThat(LegacyText.scan(new byte[] {0x01, 0x2B, (byte) 0x81, 0x10})).isEmpty();
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() {
        byte[] blob = {0x01, 0x2B, 0x03, 'a', (byte) 0xFF, 'b'};

        assertThat(LegacyText.scan(blob)).contains("a\uFFFDb");
    }

    private static byte[] body(String text) {
        return TestTypedStreamWriter.encode(
                text,
                text.isEmpty() ? List.of() : List.of(new Run(text.length(), Map.of(AttributeKeys.MESSAGE_PART, 0))));
    }
}
