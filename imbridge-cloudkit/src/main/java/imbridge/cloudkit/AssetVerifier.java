package imbridge.cloudkit;

import imbridge.core.model.CloudAttachment;
import imbridge.core.port.CloudSource;
import imbridge.core.port.CloudSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Checks downloaded attachment bytes against the record's size and SHA-256. */
public final class AssetVerifier {
    /** Arrays cannot hold more; larger assets must be streamed through {@link #verifying}. */
    private static final long MAX_BUFFERED = Integer.MAX_VALUE - 8;

    private AssetVerifier() {}

    /**
     * Wraps {@code in} so that reading it to the end verifies it: an {@link AssetIntegrityException} is thrown
     * by the read that would otherwise return end-of-stream, or as soon as too many bytes arrive.
     */
    public static InputStream verifying(InputStream in, CloudAttachment attachment) {
        Objects.requireNonNull(attachment, "attachment");
        if (attachment.checksumSha256() == null) {
            throw new IllegalArgumentException("attachment " + attachment.guid() + " has no checksum to verify");
        }
        return new VerifyingInputStream(in, label(attachment), attachment.size(), attachment.checksumSha256());
    }

    /** Reads {@code in} fully (and closes it), returning the bytes only when size and SHA-256 match. */
    public static byte[] readVerified(InputStream in, CloudAttachment attachment) throws IOException {
        try (InputStream verifying = verifying(in, attachment)) {
            if (attachment.size() > MAX_BUFFERED) {
                throw new IOException(label(attachment) + ": " + attachment.size() + " bytes are too many to buffer");
            }
            return verifying.readAllBytes();
        }
    }

    /** Opens the asset through {@code source} and reads it verified. */
    public static byte[] download(CloudSource source, CloudAttachment attachment)
            throws CloudSourceException, IOException {
        return readVerified(source.openAsset(attachment), attachment);
    }

    private static String label(CloudAttachment attachment) {
        return "asset of attachment " + attachment.guid() + " (record " + attachment.recordName() + ")";
    }
}
