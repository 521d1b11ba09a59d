package imbridge.applelocal.chatdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyBodyScannerTest {

    @Test
    void findsTheTextOfAnAppleBody() {
        assertThat(LegacyBodyScanner.text(AppleBlobs.bytes("typedstream/AttributedBodyTextOnly")))
                .contains("Noter test");
        assertThat(LegacyBodyScanner.text(AppleBlobs.bytes("typedstream/MultiPart")))
                .contains("\uFFFCtest 1\uFFFCtest 2 \uFFFCtest 3");
    }

    @Test
    void honoursLongLengthsAndTheBytes86_84InsideText() {
        String longText = "x".repeat(300) + " \u2184 end"; // U+2184 is E2 86 84 in UTF-8
        byte[] body = TypedStreamWriter.text(longText);

        assertThat(LegacyBodyScanner.text(body)).contains(longText);
    }

    @Test
    void truncatedBodiesGiveWhatIsThereWithoutAHalfCharacter() {
        byte[] body = TypedStreamWriter.text("héllo wörld");
        int textStart = indexOf(body, "héllo".getBytes(StandardCharsets.UTF_8));
        byte[] cut = Arrays.copyOf(body, textStart + "héllo w".getBytes(StandardCharsets.UTF_8).length + 1);

        assertThat(LegacyBodyScanner.text(cut)).contains("héllo w");
    }

    @Test
    void refusesBlobsThatAreNoTypedstream() {
        byte[] garbage = new byte[40];
        Arrays.fill(garbage, (byte) 0x2B);
        for (byte[] blob : List.of(
                garbage,
                new byte[0],
                "streamtyped+".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(AppleBlobs.bytes("typedstream/Mention"), 20))) {
            assertThat(LegacyBodyScanner.text(blob)).isEmpty();
        }
        assertThat(LegacyBodyScanner.text(null)).isEmpty();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }
}
