package imbridge.applelocal.backup.crypto;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Decrypts one stored backup file with the key in its {@code MBFile} record and checks the result against the
 * record's {@code Size}: shorter means truncated (an error), longer is cut to {@code Size}, which the record
 * states as the file's true length.
 */
final class StoredFileDecryption {
    private StoredFileDecryption() {}

    /** @return how many decrypted bytes beyond {@code Size} were cut off (normally 0) */
    static long decrypt(Path stored, Path target, MbFileRecord record, ClassKeyRing keys, String fileId)
            throws IOException {
        if (record.encryptionKey().isEmpty()) {
            // Apple stores empty files without a key; anything else without one is not something we can read
            if (record.size() != 0 || Files.size(stored) != 0) {
                throw new EncryptedBackupException("file " + fileId + " has no EncryptionKey but is not empty");
            }
            Files.write(target, new byte[0]);
            return 0;
        }
        WrappedKey wrapped = record.encryptionKey().get();
        byte[] key = keys.unwrapFileKey(record.protectionClass(), wrapped.wrapped(), "file " + fileId);
        long length;
        try {
            length = AesCbcFiles.decryptPadded(stored, target, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        if (length < record.size()) {
            Files.deleteIfExists(target);
            throw new EncryptedBackupException("file " + fileId + " is truncated: decrypted " + length
                    + " bytes, its record says " + record.size());
        }
        if (length > record.size()) {
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                channel.truncate(record.size());
            }
        }
        return length - record.size();
    }
}
