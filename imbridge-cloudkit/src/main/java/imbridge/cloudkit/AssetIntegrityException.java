package imbridge.cloudkit;

import java.io.IOException;

/** Downloaded bytes do not match the attachment record's size or SHA-256: never hand them on. */
public class AssetIntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    public AssetIntegrityException(String message) {
        super(message);
    }
}
