package imbridge.app.chaos;

import imbridge.app.config.BridgeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One life of the bridge: {@code imbridge run} in a JVM of its own on the run's data directory (so each life resumes
 * from what the last one committed), with the operator listener on a port of its own for the runner to watch. Its
 * console goes to {@code bridge-life-N.log}, its log to {@code bridge-logs/} in the data directory.
 */
final class BridgeLife {
    private final int number;
    private final Process process;
    private final String operatorUrl;

    private BridgeLife(int number, Process process, String operatorUrl) {
        this.number = number;
        this.process = process;
        this.operatorUrl = operatorUrl;
    }

    static BridgeLife start(int number, BridgeConfig config, Path dataDir, String heap) throws IOException {
        int operatorPort = imbridge.app.demo.FreePort.find();
        Path yaml = dataDir.resolve("config.yaml");
        Files.writeString(yaml, BridgeConfigYaml.of(config, operatorPort));
        Process p = new ProcessBuilder(ChildJvm.command(
                        heap,
                        List.of("imbridge.log.dir=" + dataDir.resolve("bridge-logs")),
                        List.of("run", "--config", yaml.toString())))
                .redirectErrorStream(true)
                .redirectOutput(
                        dataDir.resolve("bridge-life-" + number + ".log").toFile())
                .start();
        return new BridgeLife(number, p, "http://127.0.0.1:" + operatorPort);
    }

    int number() {
        return number;
    }

    /** {@code http://127.0.0.1:<port>}: {@code /api/status} and {@code /metrics}. */
    String operatorUrl() {
        return operatorUrl;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Its exit code; call only once it is no longer {@link #alive()}. */
    int exitCode() {
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait for the clean stop (killed after {@code seconds}); returns the exit code. */
    int stop(int seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.waitFor();
    }
}
