package imbridge.app.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import imbridge.app.config.BridgeConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies the config's {@code logging} section: the secrets to mask, then level, format and rotation, which
 * {@code logback.xml} reads from system properties. Logback may have started before the config was read (a class
 * logged while loading it), so it is configured again from {@code logback.xml} with the new properties.
 */
public final class LoggingSetup {
    private LoggingSetup() {}

    public static void apply(BridgeConfig config) {
        registerSecrets(config);
        System.setProperty("imbridge.log.level", config.logLevel());
        System.setProperty("imbridge.log.format", config.logging().format());
        System.setProperty("imbridge.log.max_file_size", config.logging().maxFileSize());
        System.setProperty(
                "imbridge.log.max_files", Integer.toString(config.logging().maxFiles()));
        reconfigure();
    }

    /** Every secret of {@code config} is masked in the log from now on. */
    public static void registerSecrets(BridgeConfig config) {
        LogSecrets.register(
                config.appservice().asToken(),
                config.appservice().hsToken(),
                config.cloudkit().apiToken(),
                config.database().password(),
                config.source() == null ? null : config.source().password(),
                config.operator() == null ? null : config.operator().adminToken());
    }

    /** Reads {@code logback.xml} again (with the current system properties). */
    public static void reconfigure() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend (a test setup): nothing of ours to configure
        }
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            throw new IllegalStateException("logback.xml could not be applied: " + e.getMessage(), e);
        }
    }
}
