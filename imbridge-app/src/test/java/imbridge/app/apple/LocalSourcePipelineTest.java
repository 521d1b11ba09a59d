package imbridge.app.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoRun;
import imbridge.app.verify.VerificationReport;
import imbridge.core.util.CancellationToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local Apple sources end to end over real loopback HTTP: the simulator writes its account as a real-schema
 * chat.db or iPhone backup, the bridge reads those files (SQLite, typedstream bodies, plists, attachment files)
 * into the homeserver double, and the verifier checks the rooms against the simulator's truth for those files.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LocalSourcePipelineTest {

    @Test
    void aMacChatDbWithEveryKindOfRowIsBridgedExactly(@TempDir Path dir) throws Exception {
        JsonNode report = run(dir, "full", new DemoOptions.LocalSource("chatdb", 1, false), 0);

        assertThat(report.at("/source/type").asText()).isEqualTo("chatdb");
        JsonNode notOnDisk = report.get("abandonedAttachments");
        assertThat(notOnDisk)
                .as("files never downloaded from iCloud arrive as notices")
                .isNotEmpty();
        assertThat(notOnDisk).allSatisfy(a -> {
            assertThat(a.get("reason").asText()).isEqualTo("NOT_ON_DISK");
            assertThat(a.get("notice").asText()).contains("never downloaded to this device");
        });
    }

    @Test
    void anIPhoneBackupIsBridgedExactly(@TempDir Path dir) throws Exception {
        JsonNode report = run(dir, "full", new DemoOptions.LocalSource("ios-backup", 1, false), 0);

        assertThat(report.at("/source/type").asText()).isEqualTo("ios-backup");
    }

    /** A later snapshot adds only what is new and applies its edits and deletions: nothing is sent twice. */
    @Test
    void aLaterSnapshotAddsOnlyWhatIsNew(@TempDir Path dir) throws Exception {
        JsonNode report = run(dir, "full", new DemoOptions.LocalSource("chatdb", 2, false), 0);

        JsonNode imports = report.at("/source/imports");
        assertThat(imports).hasSize(2);
        long first = imports.get(0).get("eventsSent").asLong();
        long second = imports.get(1).get("eventsSent").asLong();
        assertThat(second)
                .as("the second import sends only the new messages, edits and redactions")
                .isPositive()
                .isLessThan(first / 5);
    }

    /** Rows written into the live database while the bridge watches it reach their rooms in order. */
    @Test
    void rowsAppendedToAWatchedChatDbArriveInOrder(@TempDir Path dir) throws Exception {
        JsonNode report = run(dir, "basic", new DemoOptions.LocalSource("chatdb", 1, true), 20);

        assertThat(report.at("/live/rowsAppended").asInt()).isPositive();
        assertThat(report.at("/live/polls").asInt()).isPositive();
    }

    private static JsonNode run(Path dir, String profile, DemoOptions.LocalSource local, double liveRate)
            throws Exception {
        DemoOptions options = new DemoOptions(
                5,
                8,
                1500,
                dir,
                dir.resolve("r.json"),
                profile,
                Set.of(),
                false,
                DemoOptions.DEFAULT_LATE_AFTER,
                0,
                DemoOptions.DEFAULT_ATTACHMENT_RATIO,
                liveRate,
                Duration.ofSeconds(4),
                local);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            DemoRun run = new DemoRun(
                    options,
                    new PrintStream(console, true, StandardCharsets.UTF_8),
                    (where, e) -> fail("fatal in " + where, e));
            VerificationReport report = run.run(env, new CancellationToken());
            String out = console.toString(StandardCharsets.UTF_8);
            assertThat(report.ok()).as(out).isTrue();
            assertThat(report.delivered().parts())
                    .as(out)
                    .isEqualTo(report.expected().parts())
                    .isPositive();
        }
        return new ObjectMapper().readTree(dir.resolve("r.json").toFile());
    }
}
