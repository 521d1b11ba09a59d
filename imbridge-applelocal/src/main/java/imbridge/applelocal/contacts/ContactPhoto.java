package imbridge.applelocal.contacts;

import java.util.Arrays;
import java.util.Optional;

/** A contact's picture: JPEG or PNG bytes (anything else is not shown as an avatar). */
public record ContactPhoto(byte[] bytes, String mime) {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** The bytes as a photo when they start like a JPEG or a PNG; empty otherwise. */
    public static Optional<ContactPhoto> of(byte[] bytes) {
        if (bytes == null || bytes.length < PNG.length) {
            return Optional.empty();
        }
        if ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Optional.of(new ContactPhoto(bytes, "image/jpeg"));
        }
        if (Arrays.equals(bytes, 0, PNG.length, PNG, 0, PNG.length)) {
            return Optional.of(new ContactPhoto(bytes, "image/png"));
        }
        return Optional.empty();
    }

    /**
     * A Mac thumbnail column ({@code ZTHUMBNAILIMAGEDATA}): one marker byte, then the image. Blobs without the
     * marker are taken as they are.
     */
    public static Optional<ContactPhoto> ofMarkedThumbnail(byte[] blob) {
        if (blob == null || blob.length < 2) {
            return Optional.empty();
        }
        return of(Arrays.copyOfRange(blob, 1, blob.length)).or(() -> of(blob));
    }
}
