package imbridge.applelocal.backup;

import java.io.IOException;

/** An iPhone backup folder that cannot be read, with a message that says what to do. */
public final class IosBackupException extends IOException {
    private static final long serialVersionUID = 1L;

    public IosBackupException(String message) {
        super(message);
    }

    public IosBackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
