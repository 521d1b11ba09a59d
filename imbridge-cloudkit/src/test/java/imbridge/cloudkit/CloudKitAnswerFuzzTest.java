package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import imbridge.core.testing.fuzz.ByteMutation;
import imbridge.core.testing.fuzz.ByteMutations;
import imbridge.core.testing.fuzz.DecodeBound;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the whole decoding path of a CloudKit answer — bytes from a socket, lenient UTF-8, JSON, the zone envelope,
 * every record decoder, error answers — with arbitrary bytes, byte-level mutations and structural JSON edits of the
 * simulator's real answers. The property: the client returns a page or throws {@link CloudSourceException}, within
 * the time and allocation bound of {@link DecodeBound}; and no record is quarantined as
 * {@link RejectReasons#DECODER_FAILED}, the net under the decoders that catches their bugs.
 */
class CloudKitAnswerFuzzTest {
    private static SimulatorWireSamples samples;
    private static Map<Zone, JsonNode> answerTrees;
    private static CannedCloudKitServer server;
    private static HttpClient http;
    private static CloudKitClient client;

    @BeforeContainer
    static void start() throws IOException {
        samples = SimulatorWireSamples.capture();
        answerTrees = new EnumMap<>(Zone.class);
        for (Map.Entry<Zone, byte[]> answer : samples.answers().entrySet()) {
            answerTrees.put(answer.getKey(), Fixtures.JSON.readTree(answer.getValue()));
        }
        // The JDK server writes headers and body separately; with Nagle's algorithm on, each answer then waits for
        // loopback's delayed ACK (about 40 ms), which made this class ten times slower. Read once per JVM, so it
        // only helps when no JDK server started earlier in the same test run; correctness does not depend on it.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = CannedCloudKitServer.start();
        http = TestClients.loopbackHttp();
        client = new CloudKitClient(CloudKitConfig.of(server.databaseUrl()), http);
    }

    @AfterContainer
    static void stop() {
        server.close();
        http.close();
    }

    @Property(seed = "1601")
    void arbitraryBodies(@ForAll @Size(max = 2_000) byte[] body, @ForAll Zone zone) {
        answer(zone, 200, body);
    }

    @Property(seed = "1602")
    void mutatedRealAnswers(@ForAll Zone zone, @ForAll("byteEdits") List<ByteMutation> edits) {
        answer(zone, 200, ByteMutations.apply(samples.answers().get(zone), edits));
    }

    @Property(seed = "1603")
    void structurallyEditedRealAnswers(@ForAll Zone zone, @ForAll("jsonEdits") List<JsonEdit> edits) {
        byte[] body = JsonEdit.apply(answerTrees.get(zone), edits).getBytes(StandardCharsets.UTF_8);
        answer(zone, 200, body);
    }

    @Property(seed = "1604")
    void errorAnswers(@ForAll @IntRange(min = 300, max = 599) int status, @ForAll("errorBodies") byte[] body) {
        DecodeBound.Outcome<ZonePage<?>> outcome = DecodeBound.assertBounded(
                body.length, CloudSourceException.class, () -> fetch(Zone.CHATS, status, body));
        assertThat(outcome.decoded()).as("an error status never yields a page").isFalse();
        assertThat(outcome.rejection().getMessage()).isNotBlank();
    }

    @Provide
    Arbitrary<List<ByteMutation>> byteEdits() {
        return ByteMutations.edits(4);
    }

    @Provide
    Arbitrary<List<JsonEdit>> jsonEdits() {
        return JsonEdits.edits(4);
    }

    /** CloudKit error JSON with edits, and arbitrary bytes (HTML pages, nothing, noise). */
    @Provide
    Arbitrary<byte[]> errorBodies() {
        JsonNode error = json("{\"serverErrorCode\":\"THROTTLED\",\"reason\":\"slow down\",\"retryAfter\":2.5}");
        Arbitrary<byte[]> edited =
                JsonEdits.edits(3).map(edits -> JsonEdit.apply(error, edits).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        return Arbitraries.oneOf(edited, noise);
    }

    private static void answer(Zone zone, int status, byte[] body) {
        DecodeBound.Outcome<ZonePage<?>> outcome =
                DecodeBound.assertBounded(body.length, CloudSourceException.class, () -> fetch(zone, status, body));
        if (outcome.decoded()) {
            for (RecordReject reject : outcome.value().rejects()) {
                assertThat(reject.reason())
                        .as("reject of %s", reject.recordName())
                        .isNotBlank()
                        .isNotEqualTo(RejectReasons.DECODER_FAILED);
            }
        }
    }

    private static ZonePage<?> fetch(Zone zone, int status, byte[] body) throws CloudSourceException {
        server.enqueueBytes(status, body);
        return switch (zone) {
            case CHATS -> client.chatChanges(null);
            case MESSAGES -> client.messageChanges(null);
            case ATTACHMENTS -> client.attachmentChanges(null);
        };
    }

    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
