package imbridge.applelocal.contacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;

/** Reads a contact's photo from a bounded blob column or a file, logging what is left out. */
final class PhotoReads {
    private PhotoReads() {}

    /** The photo in {@code column} (read with {@link TableColumns#boundedBlob}), decoded by {@code decode}. */
    static Optional<ContactPhoto> fromColumn(
            ResultSet rs,
            String column,
            Function<byte[], Optional<ContactPhoto>> decode,
            String what,
            ContactSkips skips)
            throws SQLException {
        long length = rs.getLong(column + "_LEN");
        if (rs.wasNull() || length == 0) {
            return Optional.empty();
        }
        byte[] blob = rs.getBytes(column);
        if (blob == null) {
            skips.record(ContactSkips.PHOTO_TOO_LARGE, what, length + " bytes in " + column);
            return Optional.empty();
        }
        Optional<ContactPhoto> photo = decode.apply(blob);
        if (photo.isEmpty()) {
            skips.record(
                    ContactSkips.PHOTO_UNRECOGNISED,
                    what,
                    length + " bytes in " + column + " are neither JPEG nor PNG");
        }
        return photo;
    }

    /** The photo in {@code file} when it exists; its size is checked before it is read. */
    static Optional<ContactPhoto> fromFile(Path file, String what, ContactSkips skips) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            long size = Files.size(file);
            if (size > ContactSkips.MAX_PHOTO_BYTES) {
                skips.record(ContactSkips.PHOTO_TOO_LARGE, what, size + " bytes in " + file);
                return Optional.empty();
            }
            Optional<ContactPhoto> photo = ContactPhoto.of(Files.readAllBytes(file));
            if (photo.isEmpty()) {
                skips.record(ContactSkips.PHOTO_UNRECOGNISED, what, file + " is neither JPEG nor PNG");
            }
            return photo;
        } catch (IOException e) {
            skips.record(ContactSkips.PHOTO_UNREADABLE, what, "cannot read " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
