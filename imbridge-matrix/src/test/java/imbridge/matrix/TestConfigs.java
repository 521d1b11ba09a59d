package imbridge.matrix;

import java.time.Duration;

final class TestConfigs {
    static final String AS_TOKEN = "as-token-0123456789";
    static final String HS_TOKEN = "hs-token-9876543210";
    static final String OWNER = "@user:localhost";
    static final String OWNER_HANDLE = "tel:+15550000001";

    private TestConfigs() {}

    static MatrixConfig config(String homeserverUrl) {
        return config(homeserverUrl, 5, Duration.ofSeconds(30));
    }

    static MatrixConfig config(String homeserverUrl, int attempts, Duration maxBackoff) {
        return config(homeserverUrl, null, attempts, maxBackoff);
    }

    static MatrixConfig config(String homeserverUrl, String publicUrl, int attempts, Duration maxBackoff) {
        return new MatrixConfig(
                homeserverUrl,
                "localhost",
                "imessage",
                AS_TOKEN,
                HS_TOKEN,
                "imessagebot",
                "imessage_",
                OWNER,
                OWNER_HANDLE,
                "127.0.0.1",
                0,
                publicUrl,
                attempts,
                Duration.ofSeconds(1),
                maxBackoff,
                Duration.ofSeconds(5),
                MatrixConfig.DEFAULT_MAX_BATCH_EVENTS,
                MatrixConfig.DEFAULT_STARTUP_RETRY_INTERVAL,
                MatrixConfig.DEFAULT_STARTUP_ATTEMPTS);
    }
}
