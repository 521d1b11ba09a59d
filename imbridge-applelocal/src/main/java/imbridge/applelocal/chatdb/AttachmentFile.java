package imbridge.applelocal.chatdb;

import java.nio.file.Path;

/**
 * Where an attachment's file is, or why it cannot be had.
 *
 * @param path              the readable file; null when unavailable
 * @param unavailableReason {@link LocalReasons#NO_PATH}, {@link LocalReasons#FILE_MISSING} or
 *                          {@link LocalReasons#PATH_ESCAPE}; null when present
 * @param detail            what was looked for, for logs and the notice
 */
public record AttachmentFile(Path path, String unavailableReason, String detail) {

    public static AttachmentFile found(Path path) {
        return new AttachmentFile(path, null, path.toString());
    }

    public static AttachmentFile unavailable(String reason, String detail) {
        return new AttachmentFile(null, reason, detail);
    }

    public boolean present() {
        return path != null;
    }
}
