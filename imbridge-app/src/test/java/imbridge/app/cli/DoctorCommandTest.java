package imbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.app.config.BridgeConfig;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imbridge doctor} against a running CloudKit simulator and homeserver double: everything passes; with a wrong
 * as_token the token check fails (and {@code run} stops with one line, no stack trace); with the double stopped the
 * homeserver check fails and names its fix.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DoctorCommandTest {

    @Test
    void passesAgainstARunningWorldAndNamesTheFixOfWhatIsBroken(@TempDir Path dir) throws Exception {
        DemoOptions options =
                new DemoOptions(3, 2, 40, dir, null, "basic", Set.of(), false, DemoOptions.DEFAULT_LATE_AFTER);
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(
                    config, yaml(env.config(), env.config().appservice().asToken()));

            Run healthy = run("doctor", "-c", config.toString());
            assertThat(healthy.exit()).as(healthy.out()).isZero();
            assertThat(healthy.out())
                    .containsPattern("PASS +config ")
                    .containsPattern("PASS +database .*opened, schema migrated, writable")
                    .containsPattern("PASS +homeserver .*spec versions")
                    .containsPattern("PASS +as_token .*whoami is @imessagebot:localhost")
                    .containsPattern("PASS +appservice ping .*reached")
                    .containsPattern("PASS +media ")
                    .containsPattern("PASS +history source .*CloudKit")
                    .doesNotContain("FAIL")
                    .endsWith("all checks passed\n");

            Path badToken = dir.resolve("bad-token.yaml");
            Files.writeString(badToken, yaml(env.config(), "not-the-as-token"));
            Run refused = run("doctor", "-c", badToken.toString());
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.out())
                    .containsPattern("FAIL +as_token ")
                    .contains("fix: appservice.as_token must equal as_token in the registration file");
            assertRunStopsWithOneLine(badToken, "appservice.as_token must match");

            env.homeserver().close();
            Run stopped = run("doctor", "-c", config.toString());
            assertThat(stopped.exit()).isEqualTo(1);
            assertThat(stopped.out())
                    .containsPattern("FAIL +homeserver .* is not reachable")
                    .contains("fix: start the homeserver, or correct homeserver.address")
                    .containsPattern("PASS +database ")
                    .containsPattern("PASS +history source ")
                    .containsPattern("SKIP +as_token ");
        }
    }

    @Test
    void aConfigProblemNamesTheKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "homeserver:\n  address: http://127.0.0.1:1\n");

        Run run = run("doctor", "-c", config.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("FAIL +config .*homeserver.domain")
                .contains("fix: correct 'homeserver.domain'");
    }

    /** {@code run} with the refused token: exit 2, one line on stderr saying what to fix, no stack trace anywhere. */
    private static void assertRunStopsWithOneLine(Path config, String expected) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        Run run;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            run = run("run", "-c", config.toString());
        } finally {
            System.setErr(originalErr);
        }
        assertThat(run.exit()).isEqualTo(FailureLine.EXIT_STATUS);
        assertThat(run.err().lines())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("imbridge run: homeserver: ")
                        .contains(expected)
                        .contains("details in "));
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String yaml(BridgeConfig c, String asToken) {
        return """
                homeserver:
                  address: "%s"
                  domain: "%s"
                appservice:
                  hostname: 127.0.0.1
                  port: %d
                  as_token: "%s"
                  hs_token: "%s"
                bridge:
                  login_id: "%s"
                  owner: "%s"
                  own_handles: ["%s"]
                database:
                  type: sqlite
                  uri: "%s"
                cloudkit:
                  database_url: "%s"
                """.formatted(
                        c.homeserver().address(),
                        c.homeserver().domain(),
                        c.appservice().port(),
                        asToken,
                        c.appservice().hsToken(),
                        c.bridge().loginId(),
                        c.bridge().owner(),
                        c.bridge().ownHandles().get(0),
                        c.database().uri(),
                        c.cloudkit().databaseUrl());
    }
}
