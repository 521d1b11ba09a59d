package imbridge.matrix;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the start-up handshake learned about the homeserver (behaviour.md §BF6.4, §BF6.5).
 *
 * @param specVersions     the {@code versions} of {@code /_matrix/client/versions}
 * @param unstableFeatures the {@code unstable_features} flags that are {@code true}
 * @param maxUploadBytes   {@code m.upload.size} of the media config (50 MiB when unknown)
 * @param appservicePing   round trip of the AS ping (MSC2659), or null when the homeserver has no ping
 */
public record HomeserverCapabilities(
        List<String> specVersions, Set<String> unstableFeatures, long maxUploadBytes, Duration appservicePing) {
    /** Used when the homeserver does not say (behaviour.md §BF6.4). */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    public static final String BATCH_SENDING = "com.beeper.batch_sending";
    public static final String AS_PING = "fi.mau.msc2659.stable";

    public HomeserverCapabilities {
        specVersions = List.copyOf(specVersions);
        unstableFeatures = Set.copyOf(unstableFeatures);
    }

    /** Beeper batch send (behaviour.md §BF6.7): history can be inserted, with deterministic event IDs. */
    public boolean batchSending() {
        return unstableFeatures.contains(BATCH_SENDING);
    }

    /** MSC2659 appservice ping: stable flag or spec v1.7. */
    public boolean supportsAppservicePing() {
        return unstableFeatures.contains(AS_PING) || supportsAtLeast(1, 7);
    }

    /** Whether any advertised version is {@code v<major>.<minor>} or newer. */
    public boolean supportsAtLeast(int major, int minor) {
        return specVersions.stream()
                .anyMatch(v ->
                        SpecVersion.parse(v).map(p -> p.atLeast(major, minor)).orElse(false));
    }

    HomeserverCapabilities withPing(Duration roundTrip) {
        return new HomeserverCapabilities(specVersions, unstableFeatures, maxUploadBytes, roundTrip);
    }

    HomeserverCapabilities withMaxUpload(long bytes) {
        return new HomeserverCapabilities(specVersions, unstableFeatures, bytes, appservicePing);
    }
}
