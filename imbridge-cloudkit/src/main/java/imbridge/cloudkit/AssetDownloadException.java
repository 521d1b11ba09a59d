package imbridge.cloudkit;

import java.io.IOException;

/** The asset server answered with a non-2xx status (404 = the asset is gone, 5xx = try again later). */
public class AssetDownloadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    public AssetDownloadException(String downloadUrl, int httpStatus, String detail) {
        super("asset download " + downloadUrl + " failed with HTTP " + httpStatus
                + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** 404 and 410 mean the bytes are not coming back; other statuses may be retried. */
    public boolean isPermanent() {
        return httpStatus == 404 || httpStatus == 410;
    }
}
