package imbridge.applelocal.backup.crypto;

/**
 * The password does not open the backup: a class key in the keybag failed its RFC 3394 integrity check under the
 * key derived from it. The caller should ask again rather than report a corrupt backup.
 */
public final class WrongBackupPasswordException extends EncryptedBackupException {
    private static final long serialVersionUID = 1L;

    public WrongBackupPasswordException(String message) {
        super(message);
    }
}
