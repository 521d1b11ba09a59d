package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.NSDictionary;
import imbridge.applelocal.codec.AppleFixturesTest.Fixtures;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hand-made bplist00 files whose counts, references or nesting would hurt dd-plist are stopped before it. */
class BinaryPlistGuardTest {

    @Test
    void realAndWellFormedPlistsPass() throws Exception {
        NSDictionary dict = new NSDictionary();
        dict.put("a", new int[] {1, 2, 3});

        for (String fixture : new String[] {"edited_message/Edited.plist", "url_message/URL.plist"}) {
            assertThatCode(() -> BinaryPlistGuard.check(Fixtures.bytes(fixture)))
                    .doesNotThrowAnyException();
        }
        assertThatCode(() -> BinaryPlistGuard.check(SummaryInfoTest.write(dict)))
                .doesNotThrowAnyException();
    }

    @Test
    void sharedReferencesWithoutCyclesPass() {
        byte[] plist = plist(new byte[][] {{(byte) 0xA2, 1, 1}, {0x08}});

        assertThatCode(() -> BinaryPlistGuard.check(plist)).doesNotThrowAnyException();
    }

    @Test
    void anArrayClaimingTwoBillionElementsIsRejectedWithoutAllocating() {
        byte[] plist = plist(new byte[][] {{(byte) 0xAF, 0x12, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}});
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThatThrownBy(() -> SummaryInfo.decode(plist)).isInstanceOf(AppleDecodeException.class); // loads classes
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> SummaryInfo.decode(plist))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("announces 2147483647 entries");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1_000_000);
    }

    @Test
    void aStringLongerThanTheFileIsRejected() {
        assertRejected(plist(new byte[][] {{0x5F, 0x10, 0x40, 'a'}}), "announces 64 entries");
        assertRejected(plist(new byte[][] {{0x5F, 0x10, 0x20, 'a'}}), "runs past");
    }

    @Test
    void cyclesAreRejected() {
        assertRejected(plist(new byte[][] {{(byte) 0xA1, 0}}), "contains itself");
        assertRejected(plist(new byte[][] {{(byte) 0xA1, 1}, {(byte) 0xD1, 2, 0}, {0x50}}), "contains itself");
    }

    @Test
    void deepNestingIsRejected() {
        byte[][] objects = new byte[200][];
        for (int i = 0; i < 199; i++) {
            objects[i] = new byte[] {(byte) 0xA1, (byte) (i + 1)};
        }
        objects[199] = new byte[] {0x09};

        assertRejected(plist(objects), "nested deeper");
    }

    @Test
    void brokenTrailersAndReferencesAreRejected() {
        byte[] plist = plist(new byte[][] {{(byte) 0xA1, 5}});
        byte[] badMagic = plist.clone();
        badMagic[7] = '1';

        assertRejected(plist, "references object 5");
        assertRejected(badMagic, "not a binary plist");
        assertRejected(new byte[10], "not a binary plist");
        assertRejected(plist(new byte[][] {{(byte) 0x9A}}), "unknown type");
    }

    private static void assertRejected(byte[] plist, String reason) {
        assertThatThrownBy(() -> BinaryPlistGuard.check(plist))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining(reason);
    }

    /** A bplist00 with these objects (object 0 on top), one-byte offsets and references. */
    static byte[] plist(byte[][] objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("bplist00".getBytes(StandardCharsets.US_ASCII));
        int[] offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = out.size();
            out.writeBytes(objects[i]);
        }
        int table = out.size();
        int offsetSize = table + objects.length > 255 ? 2 : 1;
        for (int offset : offsets) {
            if (offsetSize == 2) {
                out.write(offset >> 8);
            }
            out.write(offset);
        }
        out.writeBytes(new byte[6]);
        out.write(offsetSize);
        out.write(1);
        out.writeBytes(ByteBuffer.allocate(24)
                .putLong(objects.length)
                .putLong(0)
                .putLong(table)
                .array());
        return out.toByteArray();
    }
}
