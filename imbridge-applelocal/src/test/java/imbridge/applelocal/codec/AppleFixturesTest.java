package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real Apple blob of {@code apple/expected.json} decodes to exactly the facts its source project's tests
 * assert. {@code legacyText} is the one key an entry may omit (the sources assert it only for some blobs); when
 * present it must match too, and no other key may differ or be extra.
 */
class AppleFixturesTest {
    private static final String OPTIONAL_KEY = "legacyText";

    @TestFactory
    List<DynamicTest> everyFixtureDecodesToItsExpectedFacts() throws IOException {
        JsonNode entries =
                new ObjectMapper().readTree(Fixtures.bytes("expected.json")).get("entries");
        assertThat(entries.size()).isEqualTo(5);
        return StreamSupport.stream(entries.spliterator(), false)
                .map(entry -> DynamicTest.dynamicTest(entry.get("file").asText(), () -> check(entry)))
                .toList();
    }

    private static void check(JsonNode entry) throws Exception {
        byte[] blob = Fixtures.bytes(entry.get("file").asText());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob)))
                .as("blob bytes are the ones the source names")
                .isEqualTo(entry.get("blob").get("sha256").asText());
        JsonNode actual = switch (entry.get("kind").asText()) {
            case "attributedBody" -> AppleFacts.attributedBody(blob);
            case "message_summary_info" -> AppleFacts.summaryInfo(blob);
            case "payload_data-url" -> AppleFacts.urlPayload(blob);
            default -> throw new AssertionError("unknown kind " + entry.get("kind"));
        };
        JsonNode expected = entry.get("expect");
        Set<String> allowedKeys = new HashSet<>();
        expected.fieldNames().forEachRemaining(allowedKeys::add);
        if (actual.has(OPTIONAL_KEY) && !expected.has(OPTIONAL_KEY)) {
            allowedKeys.add(OPTIONAL_KEY);
        }
        Set<String> actualKeys = new HashSet<>();
        actual.fieldNames().forEachRemaining(actualKeys::add);
        assertThat(actualKeys).isEqualTo(allowedKeys);
        expected.fieldNames()
                .forEachRemaining(key -> assertThat(actual.get(key)).as(key).isEqualTo(expected.get(key)));
    }

    /** Test resources under {@code apple/}. */
    static final class Fixtures {
        private Fixtures() {}

        static byte[] bytes(String path) {
            try (InputStream in = AppleFixturesTest.class.getResourceAsStream("/apple/" + path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no fixture " + path);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
