package imbridge.app.cli;

import imbridge.app.config.BridgeConfig;
import imbridge.app.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the config for a command; a problem (which names the key) fails the command with one line. */
final class ConfigLoading {
    private ConfigLoading() {}

    static BridgeConfig load(Path file) {
        if (!Files.isReadable(file)) {
            throw new CommandFailure(
                    "cannot read the config file " + file, "give the path of a readable config.yaml with -c", null);
        }
        try {
            return BridgeConfig.load(file);
        } catch (ConfigException e) {
            throw new CommandFailure(
                    file + ": " + e.getMessage(), "correct '" + e.key() + "' (config.example.yaml shows every key)", e);
        }
    }
}
