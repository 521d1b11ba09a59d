package imbridge.applelocal.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class Pbkdf2Test {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // RFC 6070 §2 test vectors (PBKDF2-HMAC-SHA1); the 16777216-round one is left out for test time
    @Test
    void sha1MatchesRfc6070() {
        assertThat(HEX.formatHex(Pbkdf2.hmacSha1(ascii("password"), ascii("salt"), 1, 20)))
                .isEqualTo("0c60c80f961f0e71f3a9b524af6012062fe037a6");
        assertThat(HEX.formatHex(Pbkdf2.hmacSha1(ascii("password"), ascii("salt"), 2, 20)))
                .isEqualTo("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
        assertThat(HEX.formatHex(Pbkdf2.hmacSha1(ascii("password"), ascii("salt"), 4096, 20)))
                .isEqualTo("4b007901b765489abead49d926f721d065a429c1");
        assertThat(HEX.formatHex(Pbkdf2.hmacSha1(
                        ascii("passwordPASSWORDpassword"), ascii("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, 25)))
                .isEqualTo("3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
        assertThat(HEX.formatHex(Pbkdf2.hmacSha1(ascii("pass\0word"), ascii("sa\0lt"), 4096, 16)))
                .isEqualTo("56fa6aa75548099dcc37d7f03425e0c3");
    }

    // RFC 7914 §11 test vectors (PBKDF2-HMAC-SHA256)
    @Test
    void sha256MatchesRfc7914() {
        assertThat(HEX.formatHex(Pbkdf2.hmacSha256(ascii("passwd"), ascii("salt"), 1, 64)))
                .isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
        assertThat(HEX.formatHex(Pbkdf2.hmacSha256(ascii("Password"), ascii("NaCl"), 80000, 64)))
                .isEqualTo("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    }

    @Test
    void emptyPasswordIsTheHmacZeroKey() {
        // HMAC zero-pads the key, so "" and "\0" are the same key: checks the SecretKeySpec workaround is exact
        assertThat(Pbkdf2.hmacSha256(new byte[0], ascii("salt"), 3, 32))
                .isEqualTo(Pbkdf2.hmacSha256(new byte[1], ascii("salt"), 3, 32))
                .isNotEqualTo(Pbkdf2.hmacSha256(new byte[] {1}, ascii("salt"), 3, 32));
    }

    /** The JDK's char-based PBKDF2 encodes the password as UTF-8: ours over those bytes must agree. */
    @Property(tries = 60)
    void agreesWithTheJdk(
            @ForAll @StringLength(min = 1, max = 40) String password,
            @ForAll @Size(min = 1, max = 40) byte[] salt,
            @ForAll @IntRange(min = 1, max = 50) int iterations,
            @ForAll @IntRange(min = 1, max = 80) int length,
            @ForAll boolean sha256)
            throws Exception {
        String algorithm = sha256 ? "PBKDF2WithHmacSHA256" : "PBKDF2WithHmacSHA1";
        byte[] expected = SecretKeyFactory.getInstance(algorithm)
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8))
                .getEncoded();
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        byte[] actual = sha256
                ? Pbkdf2.hmacSha256(utf8, salt, iterations, length)
                : Pbkdf2.hmacSha1(utf8, salt, iterations, length);
        assertThat(actual).isEqualTo(expected);
    }
}
