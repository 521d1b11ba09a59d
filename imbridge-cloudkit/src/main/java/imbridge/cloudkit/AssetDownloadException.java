package imbridge.cloudkit;

/**
 * The asset server answered with a non-2xx status (404 = the asset is gone, 5xx = try again later). Only 404 and
 * 410 are not worth retrying: a 403 is usually an expired signed URL, which a fresh lookup replaces.
 */
public class AssetDownloadException extends CloudKitRequestException {
    private static final long serialVersionUID = 1L;

    public AssetDownloadException(String downloadUrl, int httpStatus, String detail) {
        super(
                "HTTP_" + httpStatus,
                httpStatus,
                null,
                !isPermanent(httpStatus),
                "asset download " + downloadUrl + " failed with HTTP " + httpStatus
                        + (detail == null || detail.isBlank() ? "" : ": " + detail),
                null);
    }

    /** 404 and 410 mean the bytes are not coming back; other statuses may be retried. */
    public boolean isPermanent() {
        return isPermanent(httpStatus());
    }

    private static boolean isPermanent(int httpStatus) {
        return httpStatus == 404 || httpStatus == 410;
    }
}
