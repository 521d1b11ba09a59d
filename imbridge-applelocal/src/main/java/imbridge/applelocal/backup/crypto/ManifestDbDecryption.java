package imbridge.applelocal.backup.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Decrypts {@code Manifest.db} with the key in {@code ManifestKey}. Whether Apple pads it is not documented, so the
 * SQLite page size decides: a database is whole pages, and anything beyond the last page must be valid PKCS#7
 * padding, which is cut off.
 */
final class ManifestDbDecryption {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int PAGE_SIZE_OFFSET = 16;

    private ManifestDbDecryption() {}

    static void decrypt(Path encrypted, Path target, WrappedKey manifestKey, ClassKeyRing keys) throws IOException {
        byte[] key = keys.unwrapFileKey(manifestKey.protectionClass(), manifestKey.wrapped(), "ManifestKey");
        try {
            AesCbcFiles.decryptUnpadded(encrypted, target, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        try (FileChannel db = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            db.truncate(db.size() - paddingLength(db));
        }
    }

    private static long paddingLength(FileChannel db) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(PAGE_SIZE_OFFSET + 2);
        db.read(header, 0);
        if (header.position() < header.capacity()
                || !Arrays.equals(header.array(), 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
            throw new EncryptedBackupException("Manifest.db does not decrypt to a SQLite database (corrupt file)");
        }
        int pageSize = header.getShort(PAGE_SIZE_OFFSET) & 0xffff;
        if (pageSize == 1) {
            pageSize = 65536; // SQLite's encoding of the largest page size
        }
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            throw new EncryptedBackupException("Manifest.db header has an invalid page size " + pageSize);
        }
        long beyondLastPage = db.size() % pageSize;
        if (beyondLastPage == 0) {
            return 0;
        }
        if (beyondLastPage > 16 || !isPkcs7Padding(db, (int) beyondLastPage)) {
            throw new EncryptedBackupException("Manifest.db is truncated or corrupt: " + beyondLastPage
                    + " bytes after its last " + pageSize + "-byte page are not padding");
        }
        return beyondLastPage;
    }

    private static boolean isPkcs7Padding(FileChannel db, int length) throws IOException {
        ByteBuffer tail = ByteBuffer.allocate(length);
        db.read(tail, db.size() - length);
        for (byte b : tail.array()) {
            if (b != length) {
                return false;
            }
        }
        return true;
    }
}
