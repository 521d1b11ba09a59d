package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import imbridge.applelocal.codec.AppleFixturesTest.Fixtures;
import imbridge.applelocal.codec.TestTypedStreamWriter.Run;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Every codec entry point, fed random bytes and mutated real blobs, either returns or throws
 * {@link AppleDecodeException}: never another exception or error, never an endless loop (each call runs under a
 * timeout), never an allocation the input cannot justify (the JVM has 1 GB; a length field can claim 2 GB).
 */
class CodecRobustnessTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final byte[] HEADER =
            concat(new byte[] {4, 11}, "streamtyped".getBytes(StandardCharsets.US_ASCII), new byte[] {
                (byte) 0x81, (byte) 0xE8, 0x03
            });

    private interface Decoder {
        Object decode(byte[] bytes) throws AppleDecodeException;
    }

    private static final List<Decoder> DECODERS = List.of(
            TypedStreamDecoder::decode,
            SummaryInfo::decode,
            UrlPreview::decode,
            AppleFacts::attributedBody,
            AppleFacts::summaryInfo,
            AppleFacts::urlPayload,
            LegacyText::scan);

    @Property(tries = 400)
    void randomBytes(@ForAll @Size(max = 600) byte[] bytes) {
        decodesOrRejects(bytes);
    }

    @Property(tries = 400)
    void randomBytesAfterAValidHeader(@ForAll @Size(max = 400) byte[] body) {
        decodesOrRejects(concat(HEADER, body));
    }

    @Property(tries = 1500)
    void mutatedRealBlobs(@ForAll("realBlobs") byte[] blob, @ForAll("mutations") List<Mutation> mutations) {
        byte[] mutated = blob;
        for (Mutation mutation : mutations) {
            mutated = mutation.apply(mutated);
        }
        boolean decoded = decodesOrRejects(mutated);
        Statistics.label("mutated blob")
                .collect(decoded ? "still decodes" : "rejected")
                .coverage(coverage -> {
                    coverage.check("still decodes").count(n -> n > 0);
                    coverage.check("rejected").count(n -> n > 0);
                });
    }

    @Provide
    Arbitrary<byte[]> realBlobs() {
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put(AttributeKeys.FILE_TRANSFER_GUID, "at_0_GUID");
        attachment.put(AttributeKeys.INLINE_MEDIA_WIDTH, 12.5);
        attachment.put(AttributeKeys.INLINE_MEDIA_HEIGHT, 300.0);
        attachment.put(AttributeKeys.MESSAGE_PART, 0);
        Map<String, Object> link = new LinkedHashMap<>();
        link.put(AttributeKeys.LINK, URI.create("https://example.com"));
        link.put(AttributeKeys.MESSAGE_PART, 1);
        byte[] written = TestTypedStreamWriter.encode(
                "\uFFFCsee https://example.com",
                List.of(new Run(1, attachment), new Run(4, Map.of(AttributeKeys.MESSAGE_PART, 1)), new Run(19, link)));
        return Arbitraries.of(
                Fixtures.bytes("typedstream/AttributedBodyTextOnly"),
                Fixtures.bytes("typedstream/Mention"),
                Fixtures.bytes("typedstream/MultiPart"),
                Fixtures.bytes("edited_message/Edited.plist"),
                Fixtures.bytes("url_message/URL.plist"),
                written);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 10_000);
        Arbitrary<Mutation> setByte = Combinators.combine(where, Arbitraries.bytes())
                .as((at, value) -> bytes -> {
                    if (bytes.length == 0) {
                        return bytes;
                    }
                    byte[] copy = bytes.clone();
                    copy[scale(at, copy.length - 1)] = value;
                    return copy;
                });
        Arbitrary<Mutation> truncate = where.map(at -> bytes -> Arrays.copyOf(bytes, scale(at, bytes.length)));
        Arbitrary<Mutation> delete = Combinators.combine(
                        where, Arbitraries.integers().between(1, 16))
                .as((at, count) -> bytes -> {
                    int from = scale(at, bytes.length);
                    int to = Math.min(bytes.length, from + count);
                    return concat(Arrays.copyOf(bytes, from), Arrays.copyOfRange(bytes, to, bytes.length));
                });
        Arbitrary<Mutation> insert = Combinators.combine(
                        where, Arbitraries.bytes().array(byte[].class).ofMaxSize(8))
                .as((at, inserted) -> bytes -> splice(bytes, scale(at, bytes.length), inserted));
        Arbitrary<Mutation> hugeLength = where.map(at -> bytes -> splice(
                bytes, scale(at, bytes.length), new byte[] {(byte) 0x82, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}));
        return Arbitraries.frequencyOf(
                        Tuple.of(6, setByte),
                        Tuple.of(1, truncate),
                        Tuple.of(2, delete),
                        Tuple.of(2, insert),
                        Tuple.of(1, hugeLength))
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    /** Runs every decoder; true when the typedstream decoder accepted the bytes. */
    private static boolean decodesOrRejects(byte[] bytes) {
        boolean[] accepted = new boolean[1];
        for (Decoder decoder : DECODERS) {
            assertTimeoutPreemptively(
                    LIMIT,
                    () -> assertThatCode(() -> {
                                try {
                                    decoder.decode(bytes);
                                    accepted[0] |= decoder == DECODERS.getFirst();
                                } catch (AppleDecodeException expected) {
                                    // the one documented failure
                                }
                            })
                            .doesNotThrowAnyException());
        }
        return accepted[0] || decodesAsPlist(bytes);
    }

    private static boolean decodesAsPlist(byte[] bytes) {
        try {
            SummaryInfo.decode(bytes);
            return true;
        } catch (AppleDecodeException e) {
            try {
                UrlPreview.decode(bytes);
                return true;
            } catch (AppleDecodeException again) {
                return false;
            }
        }
    }

    @FunctionalInterface
    private interface Mutation {
        byte[] apply(byte[] bytes);
    }

    private static int scale(int at, int length) {
        return (int) ((long) at * length / 10_000);
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        return concat(Arrays.copyOf(bytes, at), inserted, Arrays.copyOfRange(bytes, at, bytes.length));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
