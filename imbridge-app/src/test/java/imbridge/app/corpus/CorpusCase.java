package imbridge.app.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One file of the bad-input corpus: which surface it feeds, the input (a shape each surface's driver reads), the
 * outcome it must produce, and the good data around the bad input that must survive it.
 *
 * @param surface the folder the file lies in (appservice, cloudkit, assets, live, chatdb, blobs, config)
 * @param kind    the file name without extension: one distinct kind of bad input
 * @param pending why the case is known to disagree with the code for now (it is then skipped), or null
 */
record CorpusCase(
        String surface, String kind, String why, JsonNode input, Expectation expect, Duration timeout, String pending) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Writes what a case file holds in YAML as JSON (bodies, records, events). */
    static final ObjectMapper YAML_AS_JSON = new ObjectMapper();
    /**
     * A hang is a failure, not a slow pass. Generous all the same: the first case also pays for loading the servers'
     * classes, which takes several seconds on a loaded two-core machine.
     */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param error       a fragment the error must contain, or null when no error is expected
     * @param quarantined fragments each of which some quarantine reason must contain
     * @param survivors   IDs of the good data that must come through despite the bad input
     */
    record Expectation(String error, List<String> quarantined, List<String> survivors) {
        boolean ok() {
            return error == null && quarantined.isEmpty();
        }
    }

    static CorpusCase read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        String name = file.getFileName().toString();
        JsonNode expect = root.path("expect");
        Expectation expectation = new Expectation(
                expect.hasNonNull("error") ? expect.get("error").asText() : null,
                strings(expect.path("quarantined")),
                strings(expect.path("survivors")));
        boolean statedOk = expect.path("ok").asBoolean(false);
        if (statedOk != expectation.ok()) {
            throw new IOException(file + ": expect either ok: true, or an error / quarantined reason");
        }
        return new CorpusCase(
                file.getParent().getFileName().toString(),
                name.substring(0, name.lastIndexOf('.')),
                root.path("why").asText(""),
                root.path("input"),
                expectation,
                root.has("timeout_seconds")
                        ? Duration.ofSeconds(root.get("timeout_seconds").asLong())
                        : DEFAULT_TIMEOUT,
                root.hasNonNull("pending") ? root.get("pending").asText() : null);
    }

    /** This case with its input expanded (see {@link #expand}): done just before it runs, so only one is in memory. */
    CorpusCase expanded() {
        return new CorpusCase(surface, kind, why, expand(input), expect, timeout, pending);
    }

    /**
     * The input with every {@code {repeat: unit, times: n, prefix:, suffix:}} turned into the string it stands for,
     * so a huge value can sit anywhere (a header, one field of one record) while the file stays small.
     */
    static JsonNode expand(JsonNode node) {
        if (node.isObject() && node.has("repeat") && node.has("times")) {
            return YAML_AS_JSON.getNodeFactory().textNode(Payload.of(node).text());
        }
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = YAML_AS_JSON.createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), expand(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = YAML_AS_JSON.createArrayNode();
            node.forEach(n -> copy.add(expand(n)));
            return copy;
        }
        return node;
    }

    /** A string or a list of strings. */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return surface + "/" + kind;
    }
}
