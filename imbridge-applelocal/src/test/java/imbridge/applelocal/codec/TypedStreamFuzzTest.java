package imbridge.applelocal.codec;

import imbridge.applelocal.codec.AppleFixturesTest.Fixtures;
import imbridge.applelocal.codec.TestTypedStreamWriter.Run;
import imbridge.core.testing.fuzz.ByteMutation;
import imbridge.core.testing.fuzz.ByteMutations;
import imbridge.core.testing.fuzz.DecodeBound;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes every entry point that reads an {@code attributedBody} typedstream — the decoder, the facts {@code apple
 * inspect} prints, the legacy text scan — with arbitrary bytes, arbitrary bytes after a valid header and mutations
 * of Apple's own blobs (the test fixtures) and of a written multi-part body. Each returns or throws
 * {@link AppleDecodeException}, within the time and allocation bound of {@link DecodeBound}.
 */
class TypedStreamFuzzTest {
    private static final byte[] HEADER =
            concat(new byte[] {4, 11}, "streamtyped".getBytes(StandardCharsets.US_ASCII), new byte[] {
                (byte) 0x81, (byte) 0xE8, 0x03
            });

    @Property(seed = "1621")
    void arbitraryBytes(@ForAll @Size(max = 600) byte[] blob) {
        decodesOrRejects(blob);
    }

    @Property(seed = "1622")
    void arbitraryBytesAfterAValidHeader(@ForAll @Size(max = 400) byte[] body) {
        decodesOrRejects(concat(HEADER, body));
    }

    @Property(seed = "1623")
    void mutatedRealBlobs(@ForAll("realBlobs") byte[] blob, @ForAll("edits") List<ByteMutation> edits) {
        boolean decoded = decodesOrRejects(ByteMutations.apply(blob, edits));
        Statistics.label("mutated blob")
                .collect(decoded ? "still decodes" : "rejected")
                .coverage(coverage -> {
                    coverage.check("still decodes").count(n -> n > 0);
                    coverage.check("rejected").count(n -> n > 0);
                });
    }

    @Provide
    Arbitrary<byte[]> realBlobs() {
        return Arbitraries.of(
                Fixtures.bytes("typedstream/AttributedBodyTextOnly"),
                Fixtures.bytes("typedstream/Mention"),
                Fixtures.bytes("typedstream/MultiPart"),
                writtenMultiPartBody());
    }

    @Provide
    Arbitrary<List<ByteMutation>> edits() {
        return ByteMutations.edits(4);
    }

    /** True when the decoder accepted the blob. */
    private static boolean decodesOrRejects(byte[] blob) {
        DecodeBound.assertBounded(blob.length, AppleDecodeException.class, () -> AppleFacts.attributedBody(blob));
        DecodeBound.assertBounded(blob.length, AppleDecodeException.class, () -> LegacyText.scan(blob));
        return DecodeBound.assertBounded(blob.length, AppleDecodeException.class, () -> TypedStreamDecoder.decode(blob))
                .decoded();
    }

    /** An attachment, a part index and a link: the attribute values the real fixtures do not carry. */
    private static byte[] writtenMultiPartBody() {
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put(AttributeKeys.FILE_TRANSFER_GUID, "at_0_GUID");
        attachment.put(AttributeKeys.INLINE_MEDIA_WIDTH, 12.5);
        attachment.put(AttributeKeys.INLINE_MEDIA_HEIGHT, 300.0);
        attachment.put(AttributeKeys.MESSAGE_PART, 0);
        Map<String, Object> link = new LinkedHashMap<>();
        link.put(AttributeKeys.LINK, URI.create("https://example.com"));
        link.put(AttributeKeys.MESSAGE_PART, 1);
        return TestTypedStreamWriter.encode(
                "\uFFFCsee https://example.com",
                List.of(new Run(1, attachment), new Run(4, Map.of(AttributeKeys.MESSAGE_PART, 1)), new Run(19, link)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
