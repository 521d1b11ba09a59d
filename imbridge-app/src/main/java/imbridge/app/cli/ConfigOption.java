package imbridge.app.cli;

import imbridge.app.config.BridgeConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The required {@code -c/--config} option of the commands that read the bridge's config file. */
final class ConfigOption {
    @Option(
            names = {"-c", "--config"},
            required = true,
            description = "config.yaml")
    Path config;

    /** The loaded config; a problem (which names the key) fails the command with one line ({@link FailureLine}). */
    BridgeConfig load() {
        return ConfigLoading.load(config);
    }
}
