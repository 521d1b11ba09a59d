package imbridge.core.port;

/**
 * The source knows for certain that an attachment's bytes cannot be had (a local file that was never downloaded
 * from iCloud, or purged): retrying is pointless, so the attachment pipeline gives up at once and sends the
 * abandoned-attachment notice with {@link #reason()}.
 */
public final class AssetUnavailableException extends CloudSourceException {
    private static final long serialVersionUID = 1L;

    /** The file is not on disk (the local Apple sources). */
    public static final String NOT_ON_DISK = "NOT_ON_DISK";

    /** The message reads {@code reason: detail}. */
    public AssetUnavailableException(String reason, String detail) {
        super(reason, detail, null, false, null);
    }

    public String reason() {
        return serverErrorCode();
    }
}
