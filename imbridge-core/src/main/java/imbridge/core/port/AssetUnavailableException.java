package imbridge.core.port;

import java.io.IOException;

/**
 * The source knows for certain that an attachment's bytes cannot be had (a local file that was never downloaded
 * from iCloud, or purged): retrying is pointless, so the attachment pipeline gives up at once and sends the
 * abandoned-attachment notice with {@link #reason()}.
 */
public final class AssetUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file is not on disk (the local Apple sources). */
    public static final String NOT_ON_DISK = "NOT_ON_DISK";

    private final String reason;

    public AssetUnavailableException(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
