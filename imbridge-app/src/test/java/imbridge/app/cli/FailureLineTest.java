package imbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsCompat;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.Registration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expected start-up failures of {@code imbridge run}: each is one line {@code imbridge run: <what> (<fix>; details in
 * <log>)} on stderr, exit status 2, and no stack trace on the console.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FailureLineTest {
    @TempDir
    Path dir;

    @Test
    void anUnsupportedHomeserverNamesTheOptionThatStartsAnyway() throws Exception {
        int asPort = closedPort();
        try (HomeserverDouble hs = HomeserverDouble.start(HsConfig.defaults(new Registration(
                        "imessage",
                        "http://127.0.0.1:" + asPort,
                        "as-token-line",
                        "hs-token-line",
                        "imessagebot",
                        List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"),
                        false))
                .withCompat(HsCompat.SYNAPSE_1_67))) {
            Path config = config(hs.baseUrl(), asPort);

            Run run = run("run", "-c", config.toString());

            assertThat(run.exit()).isEqualTo(FailureLine.EXIT_STATUS);
            assertThat(run.line())
                    .startsWith("imbridge run: homeserver " + hs.baseUrl())
                    .contains("advertises spec versions up to v1.2; Matrix v1.4 or newer is required (to try it"
                            + " anyway: --ignore-unsupported-server or homeserver.ignore_unsupported_server: true;"
                            + " details in ")
                    .endsWith("imbridge.log)");
            assertThat(run.console()).doesNotContain("\tat ");
        }
    }

    @Test
    void aConfigProblemNamesTheKeyToCorrect() throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "homeserver:\n  address: http://127.0.0.1:1\n");

        Run run = run("run", "-c", config.toString());

        assertThat(run.exit()).isEqualTo(FailureLine.EXIT_STATUS);
        assertThat(run.line())
                .startsWith("imbridge run: " + config + ": config key 'homeserver.domain': ")
                .contains("(correct 'homeserver.domain' (config.example.yaml shows every key); details in ");
    }

    @Test
    void aMissingConfigFileSaysSo() {
        Path missing = dir.resolve("nowhere.yaml");

        Run run = run("generate-registration", "-c", missing.toString());

        assertThat(run.exit()).isEqualTo(FailureLine.EXIT_STATUS);
        assertThat(run.line())
                .startsWith("imbridge generate-registration: cannot read the config file " + missing + " (give the"
                        + " path of a readable config.yaml with -c; details in ");
    }

    @Test
    void aMissingDatabaseNamesTheKey() throws Exception {
        Path config = config("http://127.0.0.1:" + closedPort(), closedPort());

        Run run = run("audit", "-c", config.toString());

        assertThat(run.exit()).isEqualTo(FailureLine.EXIT_STATUS);
        assertThat(run.line())
                .startsWith("imbridge audit: ")
                .contains(dir.resolve("imbridge.db").toString())
                .contains("(check database.uri; ");
    }

    /** A run of the command line with stderr (picocli's and the console's) captured. */
    private record Run(int exit, String out, String err, String console) {
        String line() {
            assertThat(err.lines()).as(err).hasSize(1);
            return err.strip();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        int exit;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            exit = Main.commandLine()
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true))
                    .execute(args);
        } finally {
            System.setErr(originalErr);
        }
        return new Run(exit, out.toString(), err.toString(), console.toString(StandardCharsets.UTF_8));
    }

    private Path config(String homeserver, int asPort) throws IOException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                homeserver:
                  address: "%s"
                  domain: localhost
                appservice:
                  hostname: 127.0.0.1
                  port: %d
                  as_token: as-token-line
                  hs_token: hs-token-line
                bridge:
                  login_id: line
                  owner: "@user:localhost"
                  own_handles: ["tel:+15550000001"]
                database:
                  type: sqlite
                  uri: "%s"
                cloudkit:
                  database_url: "http://127.0.0.1:%d/database/1/com.apple.messages.cloud/production/private"
                metrics:
                  enabled: false
                """.formatted(homeserver, asPort, dir.resolve("imbridge.db"), closedPort()));
        return config;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
