package imbridge.applelocal.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of an iPhone backup by their logical name ({@code domain} + {@code relativePath}, as listed in
 * {@code Manifest.db}). A plain backup hands out its stored files as they are; an encrypted one decrypts them
 * into a private work folder first. Either way the backup folder itself is never written.
 */
public interface BackupFiles extends AutoCloseable {

    /** A readable copy of the file, or empty when the backup does not hold it. */
    Optional<Path> file(String domain, String relativePath) throws IOException;

    @Override
    void close() throws IOException;
}
