package imbridge.app.cli;

import imbridge.app.config.BridgeConfig;
import imbridge.app.config.ConfigException;
import java.nio.file.Path;

/** Loads the config for a command, printing a problem (which names the key) instead of a stack trace. */
final class ConfigLoading {
    private ConfigLoading() {}

    static BridgeConfig load(Path file) {
        try {
            return BridgeConfig.load(file);
        } catch (ConfigException e) {
            System.err.println("imbridge: " + file + ": " + e.getMessage());
            return null;
        }
    }
}
