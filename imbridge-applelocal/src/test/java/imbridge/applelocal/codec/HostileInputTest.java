package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.applelocal.codec.AppleFixturesTest.Fixtures;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Crafted typedstreams that would allocate, loop or recurse without the decoder's bounds. */
class HostileInputTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aGigabyteStringLengthInA300ByteBlobIsRejectedWithoutAllocating() throws Exception {
        byte[] real = Fixtures.bytes("typedstream/AttributedBodyTextOnly");
        int length = TypedStreamDecoderTest.indexOf(real, "Noter".getBytes(StandardCharsets.US_ASCII)) - 1;
        ByteArrayOutputStream hostile = new ByteArrayOutputStream();
        hostile.write(real, 0, length);
        hostile.writeBytes(new byte[] {(byte) 0x82, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
        hostile.write(real, length + 1, real.length - length - 1);
        byte[] blob = Arrays.copyOf(hostile.toByteArray(), 300);
        assertThatThrownBy(() -> TypedStreamDecoder.decode(blob)).isInstanceOf(AppleDecodeException.class);

        long before = THREADS.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> TypedStreamDecoder.decode(blob))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("2147483647");
        assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isLessThan(1_000_000);
        assertThat(LegacyText.scan(blob))
                .hasValueSatisfying(text -> assertThat(text).startsWith("Noter test"));
    }

    @Test
    void twoBillionEmptyArraysAreStoppedByTheValueBudget() {
        byte[] blob = stream(literal("[2000000000[0c]]"));

        assertThatThrownBy(() -> TypedStreamDecoder.decode(blob))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("more values");
    }

    @Test
    void aHugeByteArrayTypeIsRejectedBeforeAllocation() {
        byte[] blob = stream(literal("[2147483647c]"));

        assertThatThrownBy(() -> TypedStreamDecoder.decode(blob))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("2147483647");
    }

    @Test
    void aClassWhoseSuperclassIsItselfIsRejected() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(literal("@"));
        body.write(0x84); // new object, slot 0
        body.write(0x84); // literal class, slot 1
        body.writeBytes(literal("Foo"));
        body.write(0x00); // version 0
        body.write(0x93); // superclass = slot 1: itself
        byte[] blob = stream(body.toByteArray());

        assertThatThrownBy(() -> TypedStreamDecoder.decode(blob))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("still being read");
    }

    @Test
    void referencesPastTheTablesAreRejected() {
        byte[] unknownSharedString = stream(new byte[] {(byte) 0x95});
        byte[] unknownObject = stream(concat(literal("@"), new byte[] {(byte) 0xA0}));

        assertThatThrownBy(() -> TypedStreamDecoder.decode(unknownSharedString))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("shared-string reference 3");
        assertThatThrownBy(() -> TypedStreamDecoder.decode(unknownObject))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("object reference 14");
    }

    @Test
    void unsupportedTypeEncodingsAreRejected() {
        String tooDeep = "[".repeat(40) + "1i" + "]".repeat(40);
        for (String encoding : new String[] {"^i", "(u=i)", "[i]", "[3", "{s=}", tooDeep}) {
            assertThatThrownBy(() -> TypedStreamDecoder.decode(stream(literal(encoding))))
                    .as(encoding)
                    .isInstanceOf(AppleDecodeException.class);
        }
    }

    /** The standard header followed by {@code body}. */
    private static byte[] stream(byte[] body) {
        return concat(
                new byte[] {4, 11},
                "streamtyped".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0x81, (byte) 0xE8, 0x03},
                body);
    }

    /** A literal shared string: 84, length, bytes. */
    private static byte[] literal(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x84);
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        TestTypedStreamWriter.writeInteger(out, bytes.length);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
