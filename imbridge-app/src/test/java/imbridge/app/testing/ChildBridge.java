package imbridge.app.testing;

import imbridge.app.config.BridgeConfig;
import java.nio.file.Path;

/** {@code imbridge run} as a separate process (for tests that kill it), and the config it reads. */
public final class ChildBridge {
    private ChildBridge() {}

    /** Starts {@code imbridge run --config config} with this test JVM's class path; its console goes to {@code log}. */
    public static Process start(Path config, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx512m",
                        "-Dimbridge.log.dir=" + config.getParent().resolve("logs-" + log.getFileName()),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "imbridge.app.cli.Main",
                        "run",
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * The YAML of {@code c}'s homeserver (short, many retries), appservice, login and SQLite database sections and
     * an operator listener on any free port (never the fixed default), followed by {@code rest} (the source, cloudkit, backfill and live sections the test needs).
     */
    public static String yaml(BridgeConfig c, String rest) {
        return """
                homeserver:
                  address: "%s"
                  domain: "%s"
                  retry_initial: 20ms
                  retry_max: 2s
                  max_attempts: 10
                appservice:
                  as_token: "%s"
                  hs_token: "%s"
                  port: %d
                  bot_username: "%s"
                  ghost_prefix: "%s"
                bridge:
                  login_id: "%s"
                  owner: "%s"
                  own_handles: [%s]
                database:
                  type: sqlite
                  uri: "%s"
                metrics:
                  listen: "127.0.0.1:0"
                """.formatted(
                                c.homeserver().address(),
                                c.homeserver().domain(),
                                c.appservice().asToken(),
                                c.appservice().hsToken(),
                                c.appservice().port(),
                                c.appservice().botUsername(),
                                c.appservice().ghostPrefix(),
                                c.bridge().loginId(),
                                c.bridge().owner(),
                                String.join(
                                        ", ",
                                        c.bridge().ownHandles().stream()
                                                .map(h -> "\"" + h + "\"")
                                                .toList()),
                                c.database().uri())
                + rest;
    }

    /** Prints the last lines of each child's console log (when it exists), to see why a test failed. */
    public static void printConsoles(Path dir, String... logNames) throws java.io.IOException {
        for (String name : logNames) {
            Path log = dir.resolve(name);
            if (java.nio.file.Files.exists(log)) {
                java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
                System.err.println("---- " + name + " (last 40 lines)");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            }
        }
    }
}
