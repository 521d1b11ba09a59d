package imbridge.applelocal.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class KeyBagTest {
    private static final byte[] SALT = filled(20, 1);
    private static final byte[] DP_SALT = filled(20, 2);

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static TlvBytes globals() {
        return new TlvBytes()
                .item("VERS", 4)
                .item("TYPE", 1)
                .item("UUID", filled(16, 9))
                .item("HMCK", filled(40, 8))
                .item("WRAP", 0)
                .item("SALT", SALT)
                .item("ITER", 10_000)
                .item("DPWT", 1)
                .item("DPIC", 10_000_000)
                .item("DPSL", DP_SALT);
    }

    private static TlvBytes withClassKey(TlvBytes bag, int protectionClass, int wrap) {
        return bag.item("UUID", filled(16, protectionClass))
                .item("CLAS", protectionClass)
                .item("WRAP", wrap)
                .item("KTYP", 0)
                .item("WPKY", filled(40, 0x40 + protectionClass));
    }

    @Test
    void readsGlobalsAndClassKeyRuns() throws Exception {
        byte[] blob = withClassKey(withClassKey(globals(), 1, 3), 2, 1)
                .item("PBKY", filled(32, 7))
                .bytes();

        KeyBag bag = KeyBag.parse(blob);

        assertThat(bag.version()).isEqualTo(4);
        assertThat(bag.type()).isEqualTo(1);
        assertThat(bag.uuid()).isEqualTo(filled(16, 9));
        assertThat(bag.hmacKey()).isEqualTo(filled(40, 8));
        assertThat(bag.wrap()).isZero();
        assertThat(bag.salt()).isEqualTo(SALT);
        assertThat(bag.iterations()).isEqualTo(10_000);
        assertThat(bag.dpWrap()).isEqualTo(1);
        assertThat(bag.dpIterations()).isEqualTo(10_000_000);
        assertThat(bag.dpSalt()).isEqualTo(DP_SALT);
        assertThat(bag.classKeys()).hasSize(2);
        ClassKey first = bag.classKeys().get(0);
        assertThat(first.protectionClass()).isEqualTo(1);
        assertThat(first.wrap()).isEqualTo(3);
        assertThat(first.wrappedWithPassword()).isTrue();
        assertThat(first.keyType()).isZero();
        assertThat(first.uuid()).isEqualTo(filled(16, 1));
        assertThat(first.wrappedKey()).isEqualTo(filled(40, 0x41));
        assertThat(bag.classKeys().get(1).wrappedWithPassword()).isFalse();
    }

    @Test
    void aKeybagWithoutDpslHasNoFirstDerivationStep() throws Exception {
        byte[] blob = withClassKey(
                        new TlvBytes()
                                .item("UUID", filled(16, 9))
                                .item("SALT", SALT)
                                .item("ITER", 10),
                        1,
                        2)
                .bytes();

        KeyBag bag = KeyBag.parse(blob);

        assertThat(bag.dpSalt()).isNull();
        assertThat(bag.dpIterations()).isZero();
        assertThat(bag.iterations()).isEqualTo(10);
    }

    @Test
    void aLengthPastTheEndIsRejectedWithoutAllocating() {
        byte[] blob = globals().header("WPKY", 0xFFFF_FFF0).bytes();

        assertThatThrownBy(() -> KeyBag.parse(blob))
                .isExactlyInstanceOf(EncryptedBackupException.class)
                .hasMessageContaining("WPKY")
                .hasMessageContaining("claims 4294967280 bytes");
    }

    @Test
    void malformedKeybagsAreRejectedWithAReason() {
        assertRejected(Arrays.copyOf(withClassKey(globals(), 1, 2).bytes(), 5), "stray bytes");
        assertRejected(
                withClassKey(
                                new TlvBytes()
                                        .item("UUID", filled(16, 9))
                                        .item("SALT", SALT)
                                        .item("ITER", filled(2, 0)),
                                1,
                                2)
                        .bytes(),
                "4-byte integer");
        assertRejected(
                withClassKey(new TlvBytes().item("UUID", filled(16, 9)).item("ITER", 10), 1, 2)
                        .bytes(),
                "no SALT");
        assertRejected(
                withClassKey(
                                new TlvBytes()
                                        .item("UUID", filled(16, 9))
                                        .item("SALT", SALT)
                                        .item("ITER", 0),
                                1,
                                2)
                        .bytes(),
                "ITER");
        assertRejected(withClassKey(globals().item("DPIC", -1), 1, 2).bytes(), "DPIC = 4294967295");
        assertRejected(globals().bytes(), "no class keys");
        assertRejected(
                globals()
                        .item("UUID", filled(16, 1))
                        .item("WRAP", 2)
                        .item("WPKY", filled(40, 1))
                        .bytes(),
                "without CLAS");
        assertRejected(new byte[0], "no SALT");
    }

    private static void assertRejected(byte[] blob, String reason) {
        assertThatThrownBy(() -> KeyBag.parse(blob))
                .isExactlyInstanceOf(EncryptedBackupException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aTruncatedKeybagParsesOnlyWhenCutBetweenItems() {
        byte[] blob = withClassKey(withClassKey(globals(), 1, 3), 2, 3).bytes();
        Set<Integer> itemBoundaries = new HashSet<>();
        for (int at = 0;
                at < blob.length;
                at += Tlv.HEADER_SIZE + ByteBuffer.wrap(blob, at + 4, 4).getInt()) {
            itemBoundaries.add(at);
        }
        Set<Integer> parsedLengths = new HashSet<>();
        for (int length = 0; length < blob.length; length++) {
            try {
                KeyBag.parse(Arrays.copyOf(blob, length));
                parsedLengths.add(length);
            } catch (EncryptedBackupException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(parsedLengths).isNotEmpty().isSubsetOf(itemBoundaries);
    }

    @Property(tries = 500)
    void arbitraryBytesGiveAKeybagOrTheDocumentedException(@ForAll @Size(max = 300) byte[] blob) {
        try {
            assertThat(KeyBag.parse(blob).classKeys()).isNotEmpty();
        } catch (EncryptedBackupException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
