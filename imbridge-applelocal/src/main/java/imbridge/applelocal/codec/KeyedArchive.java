package imbridge.applelocal.codec;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.UID;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Read access to an NSKeyedArchiver plist (spec 5.5): values are UIDs into {@code $objects}, index 0 is
 * {@code $null}, arrays are {@code {NS.objects: [UID…]}} and URLs {@code {NS.base, NS.relative}}. Lookups resolve
 * UIDs lazily and only as far as asked, so shared or cyclic references cost nothing until followed, and URL base
 * chains are followed a bounded number of times.
 */
final class KeyedArchive {
    private static final int MAX_URL_BASES = 8;
    private static final String NULL_MARKER = "$null";

    private final NSObject[] objects;
    private final NSDictionary root;

    private KeyedArchive(NSObject[] objects, NSDictionary root) {
        this.objects = objects;
        this.root = root;
    }

    static KeyedArchive of(NSObject plist, String what) throws AppleDecodeException {
        if (!(plist instanceof NSDictionary archive)
                || !(archive.get("$objects") instanceof NSArray objects)
                || !(archive.get("$top") instanceof NSDictionary top)) {
            throw new AppleDecodeException(what + ": not an NSKeyedArchiver plist ($objects/$top missing)");
        }
        KeyedArchive keyed = new KeyedArchive(objects.getArray(), null);
        if (!(keyed.resolve(top.get("root")) instanceof NSDictionary root)) {
            throw new AppleDecodeException(what + ": $top.root is not an archived object");
        }
        return new KeyedArchive(objects.getArray(), root);
    }

    NSDictionary root() {
        return root;
    }

    /** The object a value stands for: UIDs are looked up in {@code $objects}; {@code $null} and bad UIDs → null. */
    NSObject resolve(NSObject value) {
        if (value instanceof UID uid) {
            long index = uidIndex(uid);
            if (index < 0 || index >= objects.length) {
                return null;
            }
            value = objects[(int) index];
        }
        if (value instanceof UID || value instanceof NSString s && NULL_MARKER.equals(s.getContent())) {
            return null;
        }
        return value;
    }

    NSDictionary dictionary(NSDictionary owner, String key) {
        return resolve(owner.get(key)) instanceof NSDictionary d ? d : null;
    }

    String string(NSDictionary owner, String key) {
        return resolve(owner.get(key)) instanceof NSString s ? s.getContent() : null;
    }

    boolean flag(NSDictionary owner, String key) {
        return resolve(owner.get(key)) instanceof NSNumber n && n.boolValue();
    }

    /** An archived NSURL ({@code NS.relative} against an optional {@code NS.base}) or a plain string. */
    String url(NSDictionary owner, String key) {
        return url(resolve(owner.get(key)), 0);
    }

    private String url(NSObject value, int bases) {
        if (value instanceof NSString s) {
            return s.getContent();
        }
        if (!(value instanceof NSDictionary url) || bases > MAX_URL_BASES) {
            return null;
        }
        String relative = url(resolve(url.get("NS.relative")), bases + 1);
        String base = url(resolve(url.get("NS.base")), bases + 1);
        if (relative == null || base == null) {
            return relative;
        }
        try {
            return URI.create(base).resolve(relative).toString();
        } catch (IllegalArgumentException notAUri) {
            return base + relative;
        }
    }

    /** The elements of an archived NSArray ({@code NS.objects}) or of a plain array, resolved. */
    List<NSObject> array(NSDictionary owner, String key) {
        NSObject value = resolve(owner.get(key));
        if (value instanceof NSDictionary archived) {
            value = archived.get("NS.objects");
        }
        List<NSObject> elements = new ArrayList<>();
        if (value instanceof NSArray array) {
            for (NSObject element : array.getArray()) {
                NSObject resolved = resolve(element);
                if (resolved != null) {
                    elements.add(resolved);
                }
            }
        }
        return elements;
    }

    private static long uidIndex(UID uid) {
        byte[] bytes = uid.getBytes();
        if (bytes.length > 4) {
            return -1;
        }
        long index = 0;
        for (byte b : bytes) {
            index = (index << 8) | (b & 0xFF);
        }
        return index;
    }
}
