package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudAttachment;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code attachment} row → {@link CloudAttachment}: the MIME type falls back to the UTI, the name to the stored
 * path's file name, and the size and download URL come from the file when it is on disk ({@code total_bytes} is not
 * always the file's size). A file that is not there still gives a record: the asset open then reports it.
 */
final class AttachmentRowMapper {
    /** The file exists but could not be measured or fetched while listing (the asset open will try again). */
    static final String FILE_UNREADABLE = "FILE_UNREADABLE";

    private final AttachmentLocator locator;
    private final SkipCounter counter;

    /** One {@code attachment} row as {@link ChatDbQueries#attachmentsAfter} selects it. */
    record AttachmentRow(
            long rowId,
            String guid,
            String filename,
            String transferName,
            String mimeType,
            String uti,
            long totalBytes) {
        static AttachmentRow read(ResultSet rs) throws SQLException {
            return new AttachmentRow(
                    rs.getLong("row_id"),
                    rs.getString("guid"),
                    rs.getString("filename"),
                    rs.getString("transfer_name"),
                    rs.getString("mime_type"),
                    rs.getString("uti"),
                    rs.getLong("total_bytes"));
        }
    }

    AttachmentRowMapper(AttachmentLocator locator, SkipCounter counter) {
        this.locator = locator;
        this.counter = counter;
    }

    /** Never fails for one bad row: a file that cannot be located or measured is reported as not on disk. */
    CloudAttachment map(AttachmentRow row) {
        long size = Math.max(0, row.totalBytes());
        String url = null;
        try {
            AttachmentFile file = locate(row.guid(), row.filename(), locator, counter);
            if (file.present()) {
                size = Files.size(file.path());
                url = file.path().toUri().toString();
            }
        } catch (IOException e) {
            counter.record(FILE_UNREADABLE, "attachment guid=" + row.guid(), e.getMessage());
        }
        String mime =
                row.mimeType() != null && !row.mimeType().isBlank() ? row.mimeType() : UtiMimeTypes.forUti(row.uti());
        String name = row.transferName() != null && !row.transferName().isBlank()
                ? row.transferName()
                : fileName(row.filename());
        return new CloudAttachment(row.guid(), row.guid(), mime, row.uti(), name, size, null, url);
    }

    /** Locates the file; a path that escapes the attachments folder is logged and counted (it is refused). */
    static AttachmentFile locate(String guid, String filename, AttachmentLocator locator, SkipCounter counter)
            throws IOException {
        AttachmentFile file = locator.locate(filename);
        if (LocalReasons.PATH_ESCAPE.equals(file.unavailableReason())) {
            counter.record(LocalReasons.PATH_ESCAPE, "attachment guid=" + guid, file.detail());
        }
        return file;
    }

    /** The last path segment of a stored path, or null. */
    static String fileName(String storedPath) {
        if (storedPath == null || storedPath.isBlank()) {
            return null;
        }
        String trimmed = storedPath.endsWith("/") ? storedPath.substring(0, storedPath.length() - 1) : storedPath;
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return name.isBlank() ? null : name;
    }
}
