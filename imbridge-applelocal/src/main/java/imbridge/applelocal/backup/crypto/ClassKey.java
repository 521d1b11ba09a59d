package imbridge.applelocal.backup.crypto;

/**
 * One protection class's entry in a keybag, still wrapped.
 *
 * @param uuid            the class key's UUID ({@code UUID})
 * @param protectionClass the data protection class it unlocks ({@code CLAS}, 1..11)
 * @param wrap            how {@code WPKY} is wrapped ({@code WRAP}): bit 1 = device key, bit 2 = passcode key
 * @param keyType         {@code KTYP}: 0 = AES, 1 = Curve25519 (-1 when absent)
 * @param wrappedKey      {@code WPKY}: the RFC 3394-wrapped class key
 */
public record ClassKey(byte[] uuid, int protectionClass, int wrap, int keyType, byte[] wrappedKey) {

    /** {@code WRAP} bit meaning "wrapped with the key derived from the backup password". */
    public static final int WRAP_PASSCODE = 2;

    public boolean wrappedWithPassword() {
        return (wrap & WRAP_PASSCODE) != 0;
    }
}
