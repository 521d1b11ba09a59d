package imbridge.applelocal.chatdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Attachments of a Mac's {@code chat.db}: {@code ~} is the configured home folder (not the JVM user's, so a copied
 * home works too), absolute paths are taken as they are, and anything that does not resolve inside
 * {@code <home>/Library/Messages/Attachments} — lexically, and again after following symbolic links — is refused as
 * {@link LocalReasons#PATH_ESCAPE}: a crafted database must not make the bridge upload arbitrary files.
 */
public final class MacAttachmentLocator implements AttachmentLocator {
    private final Path home;
    private final Path root;

    public MacAttachmentLocator(Path home) {
        this.home = home.toAbsolutePath().normalize();
        this.root = this.home.resolve("Library").resolve("Messages").resolve("Attachments");
    }

    public Path root() {
        return root;
    }

    @Override
    public AttachmentFile locate(String storedFilename) {
        if (storedFilename == null || storedFilename.isBlank()) {
            return AttachmentFile.unavailable(LocalReasons.NO_PATH, "attachment has no filename");
        }
        Path candidate;
        try {
            candidate = resolve(storedFilename);
        } catch (InvalidPathException e) {
            return AttachmentFile.unavailable(LocalReasons.PATH_ESCAPE, "unusable path '" + storedFilename + "'");
        }
        if (candidate == null || !candidate.startsWith(root)) {
            return AttachmentFile.unavailable(LocalReasons.PATH_ESCAPE, "'" + storedFilename + "' is outside " + root);
        }
        if (!Files.isRegularFile(candidate)) {
            return AttachmentFile.unavailable(LocalReasons.FILE_MISSING, candidate + " does not exist");
        }
        try {
            if (!candidate.toRealPath().startsWith(root.toRealPath())) {
                return AttachmentFile.unavailable(
                        LocalReasons.PATH_ESCAPE, "'" + storedFilename + "' links outside " + root);
            }
        } catch (IOException e) {
            return AttachmentFile.unavailable(LocalReasons.FILE_MISSING, candidate + ": " + e.getMessage());
        }
        return AttachmentFile.found(candidate);
    }

    /** The normalised absolute path, or null for forms that name another user's home ({@code ~other/…}). */
    private Path resolve(String stored) {
        if (stored.equals("~") || stored.startsWith("~/")) {
            return home.resolve(stored.substring(Math.min(2, stored.length()))).normalize();
        }
        if (stored.startsWith("~")) {
            return null;
        }
        Path p = Path.of(stored);
        return (p.isAbsolute() ? p : home.resolve(p)).normalize();
    }
}
