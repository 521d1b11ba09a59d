package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The byte level of spec 3.1: tagged integers, reference numbers, reals and length checks. */
class TypedStreamCursorTest {

    @Test
    void literalBytesAreSignedOrMasked() throws Exception {
        assertThat(integer(true, 0x7F)).isEqualTo(127);
        assertThat(integer(true, 0x00)).isZero();
        assertThat(integer(true, 0x92)).isEqualTo(-110);
        assertThat(integer(false, 0x92)).isEqualTo(146); // DG masks the head: 146…255 are accepted unsigned
        assertThat(integer(false, 0xFF)).isEqualTo(255);
    }

    @Test
    void tag81ReadsTwoLittleEndianBytes() throws Exception {
        assertThat(integer(false, 0x81, 0x91, 0x00)).isEqualTo(145); // the spec's example: 145 is in the tag range
        assertThat(integer(true, 0x81, 0xE8, 0x03)).isEqualTo(1000);
        assertThat(integer(true, 0x81, 0xFF, 0xFF)).isEqualTo(-1);
        assertThat(integer(false, 0x81, 0xFF, 0xFF)).isEqualTo(65_535);
    }

    @Test
    void tag82ReadsFourLittleEndianBytes() throws Exception {
        assertThat(integer(true, 0x82, 0x78, 0x56, 0x34, 0x12)).isEqualTo(0x12345678);
        assertThat(integer(true, 0x82, 0xFF, 0xFF, 0xFF, 0xFF)).isEqualTo(-1);
        assertThat(integer(false, 0x82, 0xFF, 0xFF, 0xFF, 0xFF)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void tag87ReadsEightLittleEndianBytes() throws Exception {
        assertThat(integer(true, 0x87, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00))
                .isEqualTo(1L << 40);
        assertThat(integer(true, 0x87, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void otherTagsAreNotIntegers() {
        for (int tag : new int[] {0x80, 0x83, 0x84, 0x85, 0x86, 0x88, 0x91}) {
            assertThatThrownBy(() -> integer(true, tag, 0, 0, 0, 0, 0, 0, 0, 0))
                    .isInstanceOf(AppleDecodeException.class)
                    .hasMessageContaining("integer");
        }
    }

    @Test
    void truncatedIntegersAreRejected() {
        assertThatThrownBy(() -> integer(true, 0x81, 0x01)).isInstanceOf(AppleDecodeException.class);
        assertThatThrownBy(() -> integer(true, 0x82, 1, 2, 3)).isInstanceOf(AppleDecodeException.class);
        assertThatThrownBy(() -> integer(true, 0x87, 1, 2, 3, 4, 5, 6, 7)).isInstanceOf(AppleDecodeException.class);
    }

    @Test
    void referenceNumbersAreOffsetBy110AndGoBeyondOneByte() throws Exception {
        assertThat(reference(0x92)).isZero();
        assertThat(reference(0x93)).isEqualTo(1);
        assertThat(reference(0xFF)).isEqualTo(109);
        assertThat(reference(0x00)).isEqualTo(110);
        assertThat(reference(0x7F)).isEqualTo(237);
        assertThat(reference(0x81, 0x80, 0x00)).isEqualTo(238); // 128 no longer fits a signed byte
        assertThat(reference(0x81, 0x1A, 0x13)).isEqualTo(5_000); // 5000 - 110 = 4890 = 0x131A
        assertThatThrownBy(() -> reference(0x81, 0x00, 0x80)).isInstanceOf(AppleDecodeException.class);
    }

    @Test
    void realsAreIeeeAfterTag83AndIntegersOtherwise() throws Exception {
        TypedStreamCursor ieee = cursor(0x83, 0, 0, 0, 0, 0, 0, 0x04, 0x40);
        assertThat(ieee.real(ieee.head(), true)).isEqualTo(2.5);
        TypedStreamCursor doubleAsInteger = cursor(0x81, 0x2C, 0x01);
        assertThat(doubleAsInteger.real(doubleAsInteger.head(), true)).isEqualTo(300.0);
        TypedStreamCursor small = cursor(0x05);
        assertThat(small.real(small.head(), true)).isEqualTo(5.0);
        TypedStreamCursor single = cursor(0x83, 0x00, 0x00, 0x20, 0x41);
        assertThat(single.real(single.head(), false)).isEqualTo(10.0);
    }

    @Test
    void aHugeLengthIsRejectedBeforeAnyAllocation() {
        byte[] blob = new byte[300];
        TypedStreamCursor cursor = new TypedStreamCursor(blob, 0);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> cursor.bytes(Integer.MAX_VALUE, "string"))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("2147483647");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1_000_000);
    }

    private static long integer(boolean signed, int... bytes) throws AppleDecodeException {
        TypedStreamCursor cursor = cursor(bytes);
        return cursor.integer(cursor.head(), signed);
    }

    private static int reference(int... bytes) throws AppleDecodeException {
        TypedStreamCursor cursor = cursor(bytes);
        return cursor.reference(cursor.head());
    }

    static TypedStreamCursor cursor(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return new TypedStreamCursor(data, 0);
    }
}
