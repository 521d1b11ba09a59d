package imbridge.sim.hs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link HomeserverDouble}.
 *
 * @param unstableFeatures advertised verbatim as {@code unstable_features} by {@code /versions}
 * @param realUsers        non-appservice users that exist from the start; each gets an access token
 * @param faults           faults injected into Client-Server calls (none by default)
 * @param compat           which homeserver release the double behaves as ({@link HsCompat#CURRENT} by default)
 */
public record HsConfig(
        String serverName,
        String bind,
        int port,
        Registration registration,
        Map<String, Object> unstableFeatures,
        long maxUploadBytes,
        List<String> realUsers,
        HsFaults faults,
        HsCompat compat) {

    public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;
    public static final String BATCH_SENDING = "com.beeper.batch_sending";

    public HsConfig {
        if (serverName == null || serverName.isBlank() || serverName.contains("/")) {
            throw new IllegalArgumentException("serverName must be a host name, got: " + serverName);
        }
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("bind address is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(registration, "registration");
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException("maxUploadBytes must be positive, got " + maxUploadBytes);
        }
        unstableFeatures = Collections.unmodifiableMap(
                new LinkedHashMap<>(unstableFeatures == null ? Map.of() : unstableFeatures));
        realUsers = List.copyOf(realUsers == null ? List.of() : realUsers);
        faults = faults == null ? HsFaults.none() : faults;
        compat = compat == null ? HsCompat.CURRENT : compat;
        for (String user : realUsers) {
            if (!UserIds.isValid(user) || !UserIds.serverOf(user).equals(serverName)) {
                throw new IllegalArgumentException("real user " + user + " is not a user ID on " + serverName);
            }
        }
    }

    /** As a current homeserver. */
    public HsConfig(
            String serverName,
            String bind,
            int port,
            Registration registration,
            Map<String, Object> unstableFeatures,
            long maxUploadBytes,
            List<String> realUsers,
            HsFaults faults) {
        this(
                serverName,
                bind,
                port,
                registration,
                unstableFeatures,
                maxUploadBytes,
                realUsers,
                faults,
                HsCompat.CURRENT);
    }

    /** Without faults. */
    public HsConfig(
            String serverName,
            String bind,
            int port,
            Registration registration,
            Map<String, Object> unstableFeatures,
            long maxUploadBytes,
            List<String> realUsers) {
        this(serverName, bind, port, registration, unstableFeatures, maxUploadBytes, realUsers, HsFaults.none());
    }

    /** Whether {@code /versions} advertises {@code com.beeper.batch_sending}, which enables the batch endpoint. */
    public boolean batchSending() {
        return Boolean.TRUE.equals(unstableFeatures.get(BATCH_SENDING));
    }

    /** Server name {@code localhost}, loopback, ephemeral port, no unstable features, 50 MiB, one real user. */
    public static HsConfig defaults(Registration reg) {
        return new HsConfig(
                "localhost", "127.0.0.1", 0, reg, Map.of(), DEFAULT_MAX_UPLOAD_BYTES, List.of("@user:localhost"));
    }

    public HsConfig withPort(int newPort) {
        return new HsConfig(
                serverName, bind, newPort, registration, unstableFeatures, maxUploadBytes, realUsers, faults, compat);
    }

    public HsConfig withUnstableFeatures(Map<String, Object> features) {
        return new HsConfig(serverName, bind, port, registration, features, maxUploadBytes, realUsers, faults, compat);
    }

    public HsConfig withMaxUploadBytes(long bytes) {
        return new HsConfig(serverName, bind, port, registration, unstableFeatures, bytes, realUsers, faults, compat);
    }

    public HsConfig withRealUsers(List<String> users) {
        return new HsConfig(
                serverName, bind, port, registration, unstableFeatures, maxUploadBytes, users, faults, compat);
    }

    public HsConfig withFaults(HsFaults newFaults) {
        return new HsConfig(
                serverName, bind, port, registration, unstableFeatures, maxUploadBytes, realUsers, newFaults, compat);
    }

    /** The double behaving as another homeserver release. */
    public HsConfig withCompat(HsCompat newCompat) {
        return new HsConfig(
                serverName, bind, port, registration, unstableFeatures, maxUploadBytes, realUsers, faults, newCompat);
    }

    /** Adds or removes {@code com.beeper.batch_sending} in the advertised unstable features. */
    public HsConfig withBatchSending(boolean enabled) {
        Map<String, Object> features = new LinkedHashMap<>(unstableFeatures);
        features.put(BATCH_SENDING, enabled);
        return withUnstableFeatures(features);
    }
}
