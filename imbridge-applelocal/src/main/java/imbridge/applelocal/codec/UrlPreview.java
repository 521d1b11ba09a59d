package imbridge.applelocal.codec;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import java.util.ArrayList;
import java.util.List;

/** A link preview decoded from a URL balloon's {@code payload_data} (NSKeyedArchiver plist). */
public record UrlPreview(
        String title,
        String summary,
        String url,
        String originalUrl,
        String itemType,
        List<String> images,
        List<String> icons,
        String siteName,
        boolean placeholder) {
    private static final String WHAT = "payload_data";

    public UrlPreview {
        images = List.copyOf(images);
        icons = List.copyOf(icons);
    }

    /** The link to show: {@code URL}, else {@code originalURL}. */
    public String bestUrl() {
        return url != null ? url : originalUrl;
    }

    /**
     * Decodes a URL balloon's {@code payload_data}: the metadata object is the root's {@code richLinkMetadata}, else
     * its {@code metadata}, else the root itself when it carries a URL; images and icons are the URLs of the
     * objects in the {@code images}/{@code icons} arrays.
     *
     * @throws AppleDecodeException when the bytes are not an NSKeyedArchiver plist holding link metadata
     */
    public static UrlPreview decode(byte[] payload) throws AppleDecodeException {
        KeyedArchive archive = KeyedArchive.of(BinaryPlists.parse(payload, WHAT), WHAT);
        NSDictionary root = archive.root();
        NSDictionary metadata = archive.dictionary(root, "richLinkMetadata");
        if (metadata == null) {
            metadata = archive.dictionary(root, "metadata");
        }
        if (metadata == null && (root.containsKey("URL") || root.containsKey("originalURL"))) {
            metadata = root;
        }
        if (metadata == null) {
            throw new AppleDecodeException(WHAT + ": no richLinkMetadata/metadata in the archive");
        }
        return new UrlPreview(
                archive.string(metadata, "title"),
                archive.string(metadata, "summary"),
                archive.url(metadata, "URL"),
                archive.url(metadata, "originalURL"),
                archive.string(metadata, "itemType"),
                imageUrls(archive, metadata, "images"),
                imageUrls(archive, metadata, "icons"),
                archive.string(metadata, "siteName"),
                archive.flag(root, "richLinkIsPlaceholder"));
    }

    private static List<String> imageUrls(KeyedArchive archive, NSDictionary metadata, String key) {
        List<String> urls = new ArrayList<>();
        for (NSObject element : archive.array(metadata, key)) {
            if (element instanceof NSDictionary image) {
                String url = archive.url(image, "URL");
                if (url != null) {
                    urls.add(url);
                }
            }
        }
        return urls;
    }
}
