package imbridge.applelocal.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AesKeyWrapTest {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 3394 §4.1: 128 bits of key data with a 128-bit KEK
    @Test
    void unwrapsRfc3394Vector41() {
        byte[] kek = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] wrapped = HEX.parseHex("1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5");
        assertThat(AesKeyWrap.unwrap(kek, wrapped))
                .hasValueSatisfying(
                        key -> assertThat(HEX.formatHex(key)).isEqualTo("00112233445566778899aabbccddeeff"));
    }

    // RFC 3394 §4.6: 256 bits of key data with a 256-bit KEK (the shape of every backup key)
    @Test
    void unwrapsRfc3394Vector46() {
        byte[] kek = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] wrapped =
                HEX.parseHex("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326" + "cbc7f0e71a99f43bfb988b9b7a02dd21");
        assertThat(AesKeyWrap.unwrap(kek, wrapped))
                .hasValueSatisfying(key -> assertThat(HEX.formatHex(key))
                        .isEqualTo("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f"));
    }

    @Test
    void aWrongKekFailsTheIntegrityCheck() {
        byte[] kek = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1e");
        byte[] wrapped =
                HEX.parseHex("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326" + "cbc7f0e71a99f43bfb988b9b7a02dd21");
        assertThat(AesKeyWrap.unwrap(kek, wrapped)).isEmpty();
    }

    @Test
    void badLengthsAreCallerErrors() {
        assertThatThrownBy(() -> AesKeyWrap.unwrap(new byte[32], new byte[20]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AesKeyWrap.unwrap(new byte[31], new byte[40]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
