package imbridge.app.apple;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code imbridge apple inspect} on Apple's own bytes: every vector of the fixture set decodes through the command
 * line to exactly the facts its source project asserts ({@code apple/expected.json}, copied with the blobs).
 */
class AppleInspectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyAppleVectorDecodesToItsExpectedFacts(@TempDir Path dir) throws Exception {
        JsonNode expected = JSON.readTree(resource("apple/expected.json"));
        int checked = 0;
        for (JsonNode entry : expected.get("entries")) {
            Path blob = dir.resolve(entry.get("file").asText().replace('/', '_'));
            try (InputStream in = resource("apple/" + entry.get("file").asText())) {
                Files.write(blob, in.readAllBytes());
            }
            String flag = switch (entry.get("kind").asText()) {
                case "attributedBody" -> "--attributed-body";
                case "message_summary_info" -> "--summary-info";
                default -> "--payload";
            };
            Result r = inspect(flag, blob.toString());
            assertThat(r.code).as(r.err).isZero();
            JsonNode facts = JSON.readTree(r.out);
            JsonNode want = entry.get("expect");
            for (Iterator<Map.Entry<String, JsonNode>> it = want.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertThat(facts.get(field.getKey()))
                        .as(entry.get("file").asText() + " " + field.getKey())
                        .isEqualTo(field.getValue());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void bytesThatAreNoAppleEncodingGiveAClearErrorAndExitCode(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("junk"), "not a typedstream".getBytes(StandardCharsets.UTF_8));

        Result r = inspect("--attributed-body", junk.toString());

        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("not a valid Apple encoding");
    }

    @Test
    void aDatabaseIsDescribedWithItsSchemaAndCounts(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        imbridge.sim.cloudkit.Dataset dataset = new imbridge.sim.cloudkit.DatasetGenerator(3, 4, 300).generate();
        imbridge.sim.apple.AppleExport.write(dataset, "chatdb", home, 3);

        Result r = inspect("--db", home.resolve("Library/Messages/chat.db").toString());

        assertThat(r.code).as(r.err).isZero();
        JsonNode facts = JSON.readTree(r.out);
        assertThat(facts.get("schema").asText()).contains("macOS 13");
        assertThat(facts.at("/counts/messages").asLong()).isGreaterThan(250);
        assertThat(facts.at("/counts/chats").asLong()).isGreaterThanOrEqualTo(4);
    }

    private record Result(int code, String out, String err) {}

    private static Result inspect(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try { // the command prints to System.out/err as taken when picocli builds it
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new Main());
            String[] all = new String[args.length + 2];
            all[0] = "apple";
            all[1] = "inspect";
            System.arraycopy(args, 0, all, 2, args.length);
            int code = cli.execute(all);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AppleInspectTest.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        return in;
    }
}
