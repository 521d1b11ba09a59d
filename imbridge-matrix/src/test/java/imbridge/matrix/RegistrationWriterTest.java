package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegistrationWriterTest {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void writesTheRegistrationTheHomeserverLoads() throws Exception {
        MatrixConfig cfg = config("example.org", 29333, null);

        JsonNode reg = yaml.readTree(RegistrationWriter.yaml(cfg, List.of("^@extra_.*:example\\.org$")));

        assertThat(reg.path("id").asText()).isEqualTo("imessage");
        assertThat(reg.path("url").asText()).isEqualTo("http://127.0.0.1:29333");
        assertThat(reg.path("as_token").asText()).isEqualTo(TestConfigs.AS_TOKEN);
        assertThat(reg.path("hs_token").asText()).isEqualTo(TestConfigs.HS_TOKEN);
        assertThat(reg.path("sender_localpart").asText()).isEqualTo("imessagebot");
        assertThat(reg.path("rate_limited").isBoolean()).isTrue();
        assertThat(reg.path("rate_limited").asBoolean()).isFalse();
        List<String> regexes = new ArrayList<>();
        for (JsonNode ns : reg.path("namespaces").path("users")) {
            assertThat(ns.path("exclusive").asBoolean()).isTrue();
            regexes.add(ns.path("regex").asText());
        }
        assertThat(regexes)
                .containsExactly(
                        "^@imessagebot:example\\.org$", "^@imessage_.*:example\\.org$", "^@extra_.*:example\\.org$");
    }

    @Test
    void namespacesMatchTheBotAndGhostsOnly() {
        MatrixConfig cfg = config("example.org", 29333, null);
        List<Pattern> patterns = RegistrationWriter.userRegexes(cfg).stream()
                .map(Pattern::compile)
                .toList();
        GhostNames ghosts = GhostNames.of(cfg);

        assertThat(matchesAny(patterns, "@imessagebot:example.org")).isTrue();
        assertThat(matchesAny(patterns, ghosts.userId("tel:+15551234567"))).isTrue();
        assertThat(matchesAny(patterns, ghosts.userId("mailto:Someone@Example.com")))
                .isTrue();
        assertThat(matchesAny(patterns, "@imessagebot:exampleXorg")).isFalse();
        assertThat(matchesAny(patterns, "@user:example.org")).isFalse();
        assertThat(matchesAny(patterns, "@imessagebotx:example.org")).isFalse();
    }

    @Test
    void publicUrlWinsAndQuotesAreEscaped() throws Exception {
        MatrixConfig cfg = config("localhost", 0, "https://bridge.example/as/");

        String text = RegistrationWriter.yaml(cfg, List.of("^@it's:localhost$"));

        assertThat(yaml.readTree(text).path("url").asText()).isEqualTo("https://bridge.example/as");
        assertThat(yaml.readTree(text)
                        .path("namespaces")
                        .path("users")
                        .get(2)
                        .path("regex")
                        .asText())
                .isEqualTo("^@it's:localhost$");
    }

    @Test
    void anEphemeralPortNeedsAPublicUrl() {
        MatrixConfig cfg = config("localhost", 0, null);
        assertThatThrownBy(() -> RegistrationWriter.yaml(cfg, List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("publicUrl");
    }

    @Test
    void doublePuppetingAddsTheOwnerAloneInANonExclusiveNamespace() throws Exception {
        MatrixConfig cfg = config("example.org", 29333, null);

        JsonNode users = yaml.readTree(RegistrationWriter.yaml(cfg, List.of(), true))
                .path("namespaces")
                .path("users");

        JsonNode owner = users.get(users.size() - 1);
        assertThat(owner.path("exclusive").asBoolean(true)).isFalse();
        Pattern pattern = Pattern.compile(owner.path("regex").asText());
        assertThat(pattern.matcher("@user:example.org").matches()).isTrue();
        assertThat(pattern.matcher("@user2:example.org").lookingAt()).isFalse();
        assertThat(pattern.matcher("@user:example.org.evil").lookingAt()).isFalse();
        assertThat(users.size()).isEqualTo(RegistrationWriter.userRegexes(cfg).size() + 1);
        for (int i = 0; i < users.size() - 1; i++) {
            assertThat(users.get(i).path("exclusive").asBoolean()).isTrue();
        }
    }

    private static boolean matchesAny(List<Pattern> patterns, String userId) {
        return patterns.stream().anyMatch(p -> p.matcher(userId).matches());
    }

    private static MatrixConfig config(String domain, int port, String publicUrl) {
        return new MatrixConfig(
                "http://127.0.0.1:8008",
                domain,
                "imessage",
                TestConfigs.AS_TOKEN,
                TestConfigs.HS_TOKEN,
                "imessagebot",
                "imessage_",
                "@user:" + domain,
                "tel:+15550000001",
                "0.0.0.0",
                port,
                publicUrl,
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                MatrixConfig.DEFAULT_MAX_BATCH_EVENTS,
                MatrixConfig.DEFAULT_STARTUP_RETRY_INTERVAL,
                MatrixConfig.DEFAULT_STARTUP_ATTEMPTS);
    }
}
