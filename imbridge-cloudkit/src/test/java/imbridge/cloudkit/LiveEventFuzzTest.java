package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.testing.fuzz.ByteMutation;
import imbridge.core.testing.fuzz.ByteMutations;
import imbridge.core.testing.fuzz.DecodeBound;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the live stream's line decoder with arbitrary text and with byte-level and structural edits of real lines
 * of the simulator's stream. The decoder documents no exception: every line becomes an event, a heartbeat or a
 * skip with a reason, within the time and allocation bound of {@link DecodeBound}.
 */
class LiveEventFuzzTest {
    private static final LiveEventDecoder DECODER = new LiveEventDecoder(new ObjectMapper());
    private static List<String> lines;
    private static List<JsonNode> trees;

    /** Never thrown: the decoder documents no exception, so any throwable fails the property. */
    private static final class NoneDocumented extends Exception {
        private static final long serialVersionUID = 1L;
    }

    @BeforeContainer
    static void capture() throws IOException {
        lines = SimulatorWireSamples.capture().liveLines();
        trees = new ArrayList<>();
        for (String line : lines) {
            trees.add(Fixtures.JSON.readTree(line));
        }
    }

    @Property(seed = "1611")
    void arbitraryText(@ForAll @Size(max = 400) String line) {
        decodes(line);
    }

    @Property(seed = "1612")
    void mutatedRealLines(@ForAll("realLines") String line, @ForAll("byteEdits") List<ByteMutation> edits) {
        decodes(new String(ByteMutations.apply(line.getBytes(StandardCharsets.UTF_8), edits), StandardCharsets.UTF_8));
    }

    @Property(seed = "1613")
    void structurallyEditedRealLines(@ForAll("realTrees") JsonNode line, @ForAll("jsonEdits") List<JsonEdit> edits) {
        decodes(JsonEdit.apply(line, edits));
    }

    @Provide
    Arbitrary<String> realLines() {
        return Arbitraries.of(lines);
    }

    @Provide
    Arbitrary<JsonNode> realTrees() {
        return Arbitraries.of(trees);
    }

    @Provide
    Arbitrary<List<ByteMutation>> byteEdits() {
        return ByteMutations.edits(4);
    }

    @Provide
    Arbitrary<List<JsonEdit>> jsonEdits() {
        return JsonEdits.edits(3);
    }

    private static void decodes(String line) {
        LiveEventDecoder.Result result = DecodeBound.assertBounded(
                        line.length(), NoneDocumented.class, () -> DECODER.decode(line))
                .value();
        switch (result) {
            case LiveEventDecoder.Event event -> assertThat(event.event().seq()).isPositive();
            case LiveEventDecoder.Heartbeat heartbeat -> {} // nothing more to check: a heartbeat carries no data
            case LiveEventDecoder.Skipped skipped ->
                assertThat(skipped.reason()).isNotBlank();
        }
    }
}
