package imbridge.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.bench.fixture.SimulatedAccount;
import imbridge.cloudkit.ZonePageDecoder;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CloudKit record decoding: one {@code changes/zone} answer of 200 message records, the simulator's own bytes
 * (profile {@code full}: the 10th page of a 6,000-message account, or the next one under 256 KiB), decoded by
 * {@link ZonePageDecoder} as the client does. Baseline: the plain Jackson tree parse of the same bytes, which
 * decoding needs anyway; the decoder's own share is {@code parseAndDecode - jacksonTreeParse} (and
 * {@code decodeParsedTree} measures it directly). Results are returned, so JMH consumes them.
 */
// Sampled: on a shared machine the median of single calls holds where the mean follows the other load.
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class RecordDecodingBenchmark {
    private static final int FIRST_PAGE = 9;
    private static final int MAX_PAGE_BYTES = 256 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final ZonePageDecoder<CloudMessage> decoder = ZonePageDecoder.messages(json);
    private byte[] body;
    private JsonNode parsedZone;

    @Setup
    public void fetchPage() throws IOException, InterruptedException, CloudSourceException {
        try (SimulatedAccount account = SimulatedAccount.start(3, 30, 6_000)) {
            SimulatedAccount.Page page = account.messagePage(FIRST_PAGE, MAX_PAGE_BYTES);
            body = page.body();
            parsedZone = zoneEntry(json.readTree(body));
            ZonePage<CloudMessage> decoded = decoder.decode(parsedZone);
            if (decoded.records().size() < SimulatedAccount.PAGE_SIZE / 2) {
                throw new IllegalStateException("page " + page.index() + " decodes to only "
                        + decoded.records().size() + " records");
            }
            System.out.printf(
                    "page %d of the messages zone: %d bytes, %d records, %d tombstones, %d rejects%n",
                    page.index(),
                    body.length,
                    decoded.records().size(),
                    decoded.deletedRecordNames().size(),
                    decoded.rejects().size());
        }
    }

    @Benchmark
    public JsonNode jacksonTreeParse() throws IOException {
        return json.readTree(body);
    }

    @Benchmark
    public ZonePage<CloudMessage> parseAndDecode() throws IOException, CloudSourceException {
        return decoder.decode(zoneEntry(json.readTree(body)));
    }

    @Benchmark
    public ZonePage<CloudMessage> decodeParsedTree() throws CloudSourceException {
        return decoder.decode(parsedZone);
    }

    /** The client's answer holds one entry per requested zone; one zone was requested. */
    private static JsonNode zoneEntry(JsonNode answer) {
        return answer.path("zones").path(0);
    }
}
