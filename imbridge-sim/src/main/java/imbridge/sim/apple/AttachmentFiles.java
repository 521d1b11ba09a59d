package imbridge.sim.apple;

import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.cloudkit.AssetBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The bytes of an export's attachments: regenerated from (dataset seed, record name), as the CloudKit assets are. */
final class AttachmentFiles {

    private AttachmentFiles() {}

    static byte[] bytes(AppleExportPlan plan, AttachmentRow row) {
        return AssetBytes.generate(
                plan.seed(),
                row.record().recordName(),
                row.record().mime(),
                row.record().size());
    }

    /** {@code ~/x} under {@code home}. */
    static Path resolve(Path home, String tildePath) {
        if (!tildePath.startsWith("~/")) {
            throw new IllegalArgumentException("not a home-relative path: " + tildePath);
        }
        return home.resolve(tildePath.substring(2));
    }

    /** Writes every on-disk attachment of {@code rows} under {@code home} that is not there yet; returns the paths. */
    static List<Path> writeUnderHome(Path home, AppleExportPlan plan, List<AttachmentRow> rows) {
        List<Path> written = new ArrayList<>();
        for (AttachmentRow row : rows) {
            if (!row.onDisk()) {
                continue;
            }
            Path file = resolve(home, row.path());
            if (Files.exists(file)) {
                continue;
            }
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, bytes(plan, row));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write attachment " + file, e);
            }
            written.add(file);
        }
        return written;
    }
}
