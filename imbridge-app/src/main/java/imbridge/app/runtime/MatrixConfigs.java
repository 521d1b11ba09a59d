package imbridge.app.runtime;

import imbridge.app.config.BridgeConfig;
import imbridge.matrix.MatrixConfig;
import java.time.Duration;

/** Maps the {@code homeserver}, {@code appservice} and {@code bridge} sections to the Matrix layer's config. */
public final class MatrixConfigs {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(180);

    private MatrixConfigs() {}

    public static MatrixConfig of(BridgeConfig c) {
        BridgeConfig.Appservice as = c.appservice();
        return new MatrixConfig(
                c.homeserver().address(),
                c.homeserver().domain(),
                as.id(),
                as.asToken(),
                as.hsToken(),
                as.botUsername(),
                as.ghostPrefix(),
                c.bridge().owner(),
                c.bridge().ownHandles().get(0),
                as.hostname(),
                as.port(),
                as.publicUrl(),
                c.homeserver().maxAttempts(),
                c.homeserver().retryInitial(),
                c.homeserver().retryMax(),
                REQUEST_TIMEOUT,
                MatrixConfig.DEFAULT_MAX_BATCH_EVENTS,
                MatrixConfig.DEFAULT_STARTUP_RETRY_INTERVAL,
                MatrixConfig.DEFAULT_STARTUP_ATTEMPTS);
    }
}
