package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.UID;
import imbridge.applelocal.codec.AppleFixturesTest.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** URL balloon payloads: the real fixture and NSKeyedArchiver plists built object by object. */
class UrlPreviewTest {

    @Test
    void theRealLinkPreview() throws Exception {
        UrlPreview preview = UrlPreview.decode(Fixtures.bytes("url_message/URL.plist"));

        assertThat(preview.title()).isEqualTo("Christopher Sardegna");
        assertThat(preview.bestUrl()).isEqualTo("https://chrissardegna.com/");
        assertThat(preview.icons()).containsExactly("https://chrissardegna.com/favicon.ico");
        assertThat(preview.images()).isEmpty();
        assertThat(preview.placeholder()).isFalse();
    }

    @Test
    void everyFieldImagesRelativeUrlsAndThePlaceholderFlag() throws Exception {
        Archive archive = new Archive();
        UID base = archive.add(url(archive, null, "https://cdn.example.com/img/"));
        UID image = archive.add(dict("URL", archive.add(url(archive, base, "photo.jpg"))));
        NSDictionary metadata = dict(
                "title", archive.add(new NSString("Title")),
                "summary", archive.add(new NSString("Summary")),
                "URL", archive.add(url(archive, null, "https://example.com/page")),
                "originalURL", archive.add(url(archive, null, "example.com/page")),
                "itemType", archive.add(new NSString("article")),
                "siteName", archive.add(new NSString("Example")),
                "images", archive.add(dict("NS.objects", new NSArray(image))));
        NSDictionary root =
                dict("richLinkMetadata", archive.add(metadata), "richLinkIsPlaceholder", new NSNumber(true));

        UrlPreview preview = UrlPreview.decode(archive.write(root));

        assertThat(preview)
                .isEqualTo(new UrlPreview(
                        "Title",
                        "Summary",
                        "https://example.com/page",
                        "example.com/page",
                        "article",
                        List.of("https://cdn.example.com/img/photo.jpg"),
                        List.of(),
                        "Example",
                        true));
    }

    @Test
    void metadataKeyAndOriginalUrlFallback() throws Exception {
        Archive archive = new Archive();
        NSDictionary metadata = dict("originalURL", archive.add(url(archive, null, "https://only.original/")));

        UrlPreview preview = UrlPreview.decode(archive.write(dict("metadata", archive.add(metadata))));

        assertThat(preview.url()).isNull();
        assertThat(preview.bestUrl()).isEqualTo("https://only.original/");
    }

    @Test
    void aUrlWhoseBaseIsItselfEnds() throws Exception {
        Archive archive = new Archive();
        UID self = new UID("self", new byte[] {3});
        NSDictionary loop = new NSDictionary();
        loop.put("NS.base", self);
        loop.put("NS.relative", self);
        archive.add(new NSString("unused"));
        archive.add(loop); // index 3 (index 0 is $null, 1 is reserved for the root)
        NSDictionary metadata = dict("URL", self);

        UrlPreview preview = UrlPreview.decode(archive.write(dict("richLinkMetadata", archive.add(metadata))));

        assertThat(preview.url()).isNull();
    }

    @Test
    void archivesWithoutLinkMetadataAreRejected() throws Exception {
        Archive archive = new Archive();
        NSDictionary notAnArchive = dict("title", new NSString("x"));

        assertThatThrownBy(() -> UrlPreview.decode(archive.write(dict("an", archive.add(new NSString("App"))))))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("no richLinkMetadata");
        assertThatThrownBy(() -> UrlPreview.decode(SummaryInfoTest.write(notAnArchive)))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining("NSKeyedArchiver");
    }

    private static NSDictionary url(Archive archive, UID base, String relative) {
        NSDictionary url = new NSDictionary();
        url.put("NS.base", base == null ? archive.nullUid() : base);
        url.put("NS.relative", archive.add(new NSString(relative)));
        return url;
    }

    private static NSDictionary dict(Object... keysAndValues) {
        NSDictionary dict = new NSDictionary();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            dict.put((String) keysAndValues[i], (NSObject) keysAndValues[i + 1]);
        }
        return dict;
    }

    /** Builds {@code $objects}: index 0 is {@code $null}, index 1 the root (written last). */
    private static final class Archive {
        private final List<NSObject> objects = new ArrayList<>(List.of(new NSString("$null"), new NSString("root")));

        UID add(NSObject object) {
            objects.add(object);
            return uid(objects.size() - 1);
        }

        UID nullUid() {
            return uid(0);
        }

        byte[] write(NSDictionary root) throws Exception {
            objects.set(1, root);
            NSDictionary top = new NSDictionary();
            top.put("root", uid(1));
            NSDictionary archive = new NSDictionary();
            archive.put("$archiver", "NSKeyedArchiver");
            archive.put("$version", 100_000);
            archive.put("$top", top);
            archive.put("$objects", new NSArray(objects.toArray(NSObject[]::new)));
            return SummaryInfoTest.write(archive);
        }

        private static UID uid(int index) {
            return new UID("uid" + index, new byte[] {(byte) index});
        }
    }
}
