package imbridge.applelocal.backup;

import imbridge.applelocal.chatdb.AttachmentFile;
import imbridge.applelocal.chatdb.AttachmentLocator;
import imbridge.applelocal.chatdb.LocalReasons;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Attachments of an iPhone backup's {@code sms.db}: {@code ~/Library/SMS/Attachments/…} (also with the device's
 * {@code /var/mobile/} or {@code /private/var/mobile/} prefix) is the {@code MediaDomain} file
 * {@code Library/SMS/Attachments/…}, fetched through {@link BackupFiles}. Anything that does not normalise to a
 * path inside {@code Library/SMS/Attachments} is refused as {@link LocalReasons#PATH_ESCAPE}.
 */
public final class BackupAttachmentLocator implements AttachmentLocator {
    static final String DOMAIN = "MediaDomain";
    private static final Path ROOT = Path.of("Library", "SMS", "Attachments");
    private static final List<String> HOME_PREFIXES = List.of("~/", "/private/var/mobile/", "/var/mobile/");

    private final BackupFiles files;

    public BackupAttachmentLocator(BackupFiles files) {
        this.files = files;
    }

    @Override
    public AttachmentFile locate(String storedFilename) throws IOException {
        if (storedFilename == null || storedFilename.isBlank()) {
            return AttachmentFile.unavailable(LocalReasons.NO_PATH, "attachment has no filename");
        }
        Optional<String> relative = relativePath(storedFilename);
        if (relative.isEmpty()) {
            return AttachmentFile.unavailable(
                    LocalReasons.PATH_ESCAPE, "'" + storedFilename + "' is outside ~/Library/SMS/Attachments");
        }
        Optional<Path> file = files.file(DOMAIN, relative.get());
        return file.map(AttachmentFile::found)
                .orElseGet(() -> AttachmentFile.unavailable(
                        LocalReasons.FILE_MISSING, DOMAIN + " " + relative.get() + " is not in the backup"));
    }

    /** {@code Library/SMS/Attachments/…} for a stored path inside the attachments folder, else empty. */
    static Optional<String> relativePath(String stored) {
        String rest = null;
        for (String prefix : HOME_PREFIXES) {
            if (stored.startsWith(prefix)) {
                rest = stored.substring(prefix.length());
                break;
            }
        }
        if (rest == null) {
            return Optional.empty();
        }
        try {
            Path normalized = Path.of(rest).normalize();
            if (normalized.isAbsolute() || !normalized.startsWith(ROOT) || normalized.equals(ROOT)) {
                return Optional.empty();
            }
            return Optional.of(normalized.toString().replace('\\', '/'));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
