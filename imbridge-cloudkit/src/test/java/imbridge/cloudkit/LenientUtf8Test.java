package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LenientUtf8Test {

    @Test
    void validUtf8DecodesAsItIs() {
        String text = "{\"t\":\"héllo 😀 \uFFFD\"}";

        LenientUtf8.Decoded decoded = LenientUtf8.decode(text.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.text()).isEqualTo(text);
        assertThat(decoded.replacedInvalidBytes())
                .as("a genuine U+FFFD is not damage")
                .isFalse();
    }

    @Test
    void invalidBytesBecomeReplacementCharactersAndAreReported() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\"t\":\"ca".getBytes(StandardCharsets.UTF_8));
        // A lone continuation byte, a lead byte followed by ASCII, a byte never valid in UTF-8.
        bytes.writeBytes(new byte[] {(byte) 0x80, (byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        bytes.writeBytes("fé\"}".getBytes(StandardCharsets.UTF_8));

        LenientUtf8.Decoded decoded = LenientUtf8.decode(bytes.toByteArray());

        assertThat(decoded.replacedInvalidBytes()).isTrue();
        assertThat(decoded.text()).isEqualTo("{\"t\":\"ca\uFFFD\uFFFD(\uFFFDfé\"}");
    }

    @Test
    void aSequenceCutAtTheEndIsReplacedToo() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] cut = {'a', euro[0], euro[1]};

        LenientUtf8.Decoded decoded = LenientUtf8.decode(cut);

        assertThat(decoded.replacedInvalidBytes()).isTrue();
        assertThat(decoded.text()).isEqualTo("a\uFFFD");
    }

    @Test
    void anEmptyBodyIsEmpty() {
        assertThat(LenientUtf8.decode(new byte[0])).isEqualTo(new LenientUtf8.Decoded("", false));
    }
}
