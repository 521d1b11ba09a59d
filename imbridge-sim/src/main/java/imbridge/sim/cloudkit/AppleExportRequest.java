package imbridge.sim.cloudkit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which Apple files the simulator writes at start ({@link SimConfig#withAppleExport}).
 *
 * @param kind {@code chatdb} (a Mac: {@code dir} is the home folder) or {@code ios-backup} ({@code dir} is the
 *             backup folder)
 */
public record AppleExportRequest(String kind, Path dir) {

    public AppleExportRequest {
        Objects.requireNonNull(dir, "dir");
        if (!"chatdb".equals(kind) && !"ios-backup".equals(kind)) {
            throw new IllegalArgumentException("apple export kind must be chatdb or ios-backup, got " + kind);
        }
    }
}
