package imbridge.applelocal.backup.crypto;

import java.io.IOException;

/**
 * The only exception the encrypted-backup reader throws for bad input: a malformed keybag, Manifest.plist or file
 * record, a stored file that is truncated or does not decrypt. It is an {@link IOException} so that it passes
 * through {@link imbridge.applelocal.backup.BackupFiles} unchanged; the message names what was wrong and where.
 */
public class EncryptedBackupException extends IOException {
    private static final long serialVersionUID = 1L;

    public EncryptedBackupException(String message) {
        super(message);
    }

    public EncryptedBackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
