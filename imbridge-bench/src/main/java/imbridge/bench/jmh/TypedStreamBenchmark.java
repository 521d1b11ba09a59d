package imbridge.bench.jmh;

import imbridge.applelocal.codec.AppleDecodeException;
import imbridge.applelocal.codec.AttributedBody;
import imbridge.applelocal.codec.LegacyText;
import imbridge.applelocal.codec.TypedStreamDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The typedstream decoder ({@link TypedStreamDecoder}: object graph, attributed string, bubbles) on real Apple
 * {@code attributedBody} blobs (see {@code apple/SOURCES.md}). Baseline: {@link LegacyText#scan}, the byte scan that
 * recovers only the plain text of the same blob.
 */
// Sampled: on a shared machine the median of single calls holds where the mean follows the other load.
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class TypedStreamBenchmark {
    @Param({"AttributedBodyTextOnly", "Mention", "MultiPart"})
    public String blob;

    private byte[] bytes;

    @Setup
    public void load() throws IOException, AppleDecodeException {
        String resource = "/apple/typedstream/" + blob;
        try (InputStream in = TypedStreamBenchmark.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            bytes = in.readAllBytes();
        }
        // Both paths must find the same text, or the comparison is not like for like.
        String decoded = TypedStreamDecoder.decode(bytes).text();
        if (!LegacyText.scan(bytes).orElse("").equals(decoded)) {
            throw new IllegalStateException(blob + ": the scan and the decoder disagree on the text");
        }
    }

    @Benchmark
    public AttributedBody decode() throws AppleDecodeException {
        return TypedStreamDecoder.decode(bytes);
    }

    @Benchmark
    public Optional<String> legacyTextScan() {
        return LegacyText.scan(bytes);
    }
}
