package imbridge.applelocal.codec;

import java.util.List;

/** A link preview decoded from a URL balloon's {@code payload_data} (NSKeyedArchiver plist). */
public record UrlPreview(String title, String summary, String url, String originalUrl, String itemType,
                         List<String> images, List<String> icons, String siteName, boolean placeholder) {
    public UrlPreview {
        images = List.copyOf(images);
        icons = List.copyOf(icons);
    }

    /** The link to show: {@code URL}, else {@code originalURL}. */
    public String bestUrl() {
        return url != null ? url : originalUrl;
    }

    public static UrlPreview decode(byte[] payload) throws AppleDecodeException {
        throw new AppleDecodeException("payload_data decoding is being written in this branch");
    }
}
