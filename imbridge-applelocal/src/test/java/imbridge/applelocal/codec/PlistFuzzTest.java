package imbridge.applelocal.codec;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSString;
import imbridge.applelocal.codec.AppleFixturesTest.Fixtures;
import imbridge.core.testing.fuzz.ByteMutation;
import imbridge.core.testing.fuzz.ByteMutations;
import imbridge.core.testing.fuzz.DecodeBound;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the binary-plist readers — {@code message_summary_info} (edit history, unsent parts) and the
 * NSKeyedArchiver URL preview payload, through the structure guard and dd-plist — with arbitrary bytes, arbitrary
 * bytes after the magic, mutations of Apple's own plists (the test fixtures) and extreme values in the trailer's
 * sizes and counts. Each returns or throws {@link AppleDecodeException} within the bound of {@link DecodeBound}.
 */
class PlistFuzzTest {
    private static final byte[] MAGIC = "bplist00".getBytes(StandardCharsets.US_ASCII);
    private static final int TRAILER = 32;

    @Property(seed = "1631")
    void arbitraryBytes(@ForAll @Size(max = 600) byte[] plist) {
        decodesOrRejects(plist);
    }

    @Property(seed = "1632")
    void arbitraryBytesAfterTheMagic(@ForAll @Size(min = 33, max = 400) byte[] body) {
        decodesOrRejects(concat(MAGIC, body));
    }

    @Property(seed = "1633")
    void mutatedRealPlists(@ForAll("realPlists") byte[] plist, @ForAll("edits") List<ByteMutation> edits) {
        decodesOrRejects(ByteMutations.apply(plist, edits));
    }

    /** The trailer holds the integer sizes, the object count, the top object and the offset table's place. */
    @Property(seed = "1634")
    void extremeTrailerFields(
            @ForAll("realPlists") byte[] plist,
            @ForAll @IntRange(min = 0, max = TRAILER - 1) int at,
            @ForAll("extremes") byte[] value) {
        byte[] edited = plist.clone();
        int from = plist.length - TRAILER + at;
        System.arraycopy(value, 0, edited, from, Math.min(value.length, edited.length - from));
        decodesOrRejects(edited);
    }

    @Property(seed = "1635")
    void hostileObjectHeaders(@ForAll("realPlists") byte[] plist, @ForAll("objectEdits") PlistObjectEdit edit) {
        decodesOrRejects(edit.apply(plist));
    }

    @Provide
    Arbitrary<PlistObjectEdit> objectEdits() {
        return PlistObjectEdit.edits();
    }

    @Provide
    Arbitrary<byte[]> realPlists() {
        return Arbitraries.of(
                Fixtures.bytes("edited_message/Edited.plist"), Fixtures.bytes("url_message/URL.plist"), nested());
    }

    @Provide
    Arbitrary<List<ByteMutation>> edits() {
        return ByteMutations.edits(4);
    }

    @Provide
    Arbitrary<byte[]> extremes() {
        return Arbitraries.of(
                new byte[] {(byte) 0xFF},
                new byte[] {0},
                new byte[] {9},
                new byte[] {
                    0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF
                },
                new byte[] {
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF
                },
                new byte[] {0, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    }

    private static void decodesOrRejects(byte[] plist) {
        DecodeBound.assertBounded(plist.length, AppleDecodeException.class, () -> SummaryInfo.decode(plist));
        DecodeBound.assertBounded(plist.length, AppleDecodeException.class, () -> UrlPreview.decode(plist));
        DecodeBound.assertBounded(plist.length, AppleDecodeException.class, () -> AppleFacts.summaryInfo(plist));
        DecodeBound.assertBounded(plist.length, AppleDecodeException.class, () -> AppleFacts.urlPayload(plist));
    }

    /** Arrays in arrays in a dictionary: references whose counts and targets mutations can bend into loops. */
    private static byte[] nested() {
        NSArray inner = new NSArray(
                new NSDictionary(),
                new NSArray(new NSNumber(1), new NSNumber(2), new NSNumber(3)),
                new NSArray(new NSString("a"), new NSString("b")));
        NSDictionary root = new NSDictionary();
        root.put("ec", new NSArray(inner, inner.clone()));
        root.put("otr", new NSDictionary());
        try {
            return BinaryPropertyListWriter.writeToArray(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
