package imbridge.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.config.BridgeConfig;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real logback.xml, configured as {@code run} configures it: JSON lines, rotation, no secret in any line. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BridgeLogsTest {
    private static final List<String> PROPERTIES = List.of(
            "imbridge.log.dir",
            "imbridge.log.level",
            "imbridge.log.format",
            "imbridge.log.max_file_size",
            "imbridge.log.max_files");

    private final Logger log = LoggerFactory.getLogger(BridgeLogsTest.class);

    @AfterEach
    void restoreTheDefaultLogging() {
        PROPERTIES.forEach(System::clearProperty);
        LoggingSetup.reconfigure();
    }

    @Test
    void aBridgeRunLogsJsonLinesWithoutAnyConfiguredSecret(@TempDir Path dir) throws Exception {
        DemoOptions options = new DemoOptions(7, 4, 300, dir.resolve("demo"), null);
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            BridgeConfig config = env.config();
            System.setProperty("imbridge.log.dir", dir.resolve("logs").toString());
            LoggingSetup.apply(withLogging(config, "DEBUG", new imbridge.app.config.LogSettings("json", "50MB", 5)));
            try (BridgeRuntime bridge = new BridgeRuntime(config, BackfillProgress.NONE, (w, e) -> fail(w, e))) {
                bridge.start();
                bridge.initialSync(new CancellationToken());
            }
            // a careless line that names a token outright is still written masked
            log.info("as_token is {}", config.appservice().asToken());

            List<String> secrets = new ArrayList<>(
                    List.of(config.appservice().asToken(), config.appservice().hsToken()));
            if (config.cloudkit().apiToken() != null) {
                secrets.add(config.cloudkit().apiToken());
            }
            List<String> lines = logLines(dir.resolve("logs"));
            assertThat(lines).hasSizeGreaterThan(20);
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                JsonNode event = json.readTree(line);
                assertThat(event.path("level").asText()).as(line).isNotEmpty();
                assertThat(event.path("message").isTextual()).as(line).isTrue();
                for (String secret : secrets) {
                    assertThat(line).doesNotContain(secret);
                }
            }
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("as_token is " + LogSecrets.MASK));
        }
    }

    @Test
    void theLogFileIsRotatedBySizeKeepingTheConfiguredNumberOfFiles(@TempDir Path dir) {
        System.setProperty("imbridge.log.dir", dir.toString());
        System.setProperty("imbridge.log.format", "text");
        System.setProperty("imbridge.log.max_file_size", "2KB");
        System.setProperty("imbridge.log.max_files", "2");
        LoggingSetup.reconfigure();
        String filler = "x".repeat(200);
        // logback looks at the file's size once a second, not at every line: write until it has rotated twice
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 0; i < 50; i++) {
                log.info("line {} {}", i, filler);
            }
            assertThat(dir.resolve("imbridge.log.2")).exists();
        });
        assertThat(dir.resolve("imbridge.log")).exists();
        assertThat(dir.resolve("imbridge.log.1")).exists();
        assertThat(dir.resolve("imbridge.log.3")).doesNotExist();
    }

    private static BridgeConfig withLogging(BridgeConfig c, String level, imbridge.app.config.LogSettings logging) {
        return new BridgeConfig(
                c.homeserver(),
                c.appservice(),
                c.bridge(),
                c.database(),
                c.cloudkit(),
                c.backfill(),
                c.live(),
                level,
                c.source(),
                c.operator(),
                logging);
    }

    private static List<String> logLines(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("imbridge.log"))
                    .toList()) {
                out.addAll(Files.readAllLines(f));
            }
        }
        return out;
    }
}
