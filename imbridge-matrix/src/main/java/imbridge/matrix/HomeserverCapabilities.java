package imbridge.matrix;

import java.util.List;

/**
 * What the start-up handshake learned about the homeserver.
 *
 * @param specVersions   the {@code versions} of {@code /_matrix/client/versions}
 * @param batchSending   {@code unstable_features["com.beeper.batch_sending"]}: history can be inserted
 * @param maxUploadBytes {@code m.upload.size} of the media config (50 MiB when unknown)
 */
public record HomeserverCapabilities(List<String> specVersions, boolean batchSending, long maxUploadBytes) {
    /** Used when the homeserver does not say (bridge-framework §6.4). */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    public HomeserverCapabilities {
        specVersions = List.copyOf(specVersions);
    }

    /** Whether any advertised version is {@code v<major>.<minor>} or newer. */
    public boolean supportsAtLeast(int major, int minor) {
        return specVersions.stream().anyMatch(v -> SpecVersion.parse(v).map(p -> p.atLeast(major, minor)).orElse(false));
    }
}
