package imbridge.applelocal.codec;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the keys of a {@code message_summary_info} plist into a {@link SummaryInfo} (spec 5.3). */
final class SummaryInfoParser {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryInfoParser.class);
    private static final String WHAT = "message_summary_info";
    /** Messages bodies have a handful of parts; an index beyond this is corrupt data. */
    static final int MAX_PART_INDEX = 65_535;
    /** Edit dates are seconds since 2001; beyond year ~2286 they are not dates (and would overflow nanoseconds). */
    private static final double MAX_SECONDS = 9e9;

    private SummaryInfoParser() {}

    static SummaryInfo parse(byte[] plist) throws AppleDecodeException {
        if (!(BinaryPlists.parse(plist, WHAT) instanceof NSDictionary root)) {
            throw fail("the root is not a dictionary");
        }
        int originalParts = optional(root, "otr", NSDictionary.class)
                .map(NSDictionary::count)
                .orElse(0);
        Map<Integer, List<SummaryInfo.EditVersion>> history = new HashMap<>();
        Optional<NSDictionary> edits = optional(root, "ec", NSDictionary.class);
        if (edits.isPresent()) {
            for (Map.Entry<String, NSObject> entry : edits.get().entrySet()) {
                if (!(entry.getValue() instanceof NSArray versions)) {
                    throw fail("ec[" + entry.getKey() + "] is not an array");
                }
                history.put(partIndex(entry.getKey()), versions(entry.getKey(), versions));
            }
        }
        Set<Integer> unsent = new HashSet<>();
        Optional<NSArray> retracted = optional(root, "rp", NSArray.class);
        if (retracted.isPresent()) {
            for (NSObject element : retracted.get().getArray()) {
                if (!(element instanceof NSNumber number) || !number.isInteger()) {
                    throw fail("rp holds a non-integer");
                }
                unsent.add(checkedPart(number.longValue()));
            }
        }
        return new SummaryInfo(originalParts, history, unsent);
    }

    private static List<SummaryInfo.EditVersion> versions(String part, NSArray versions) throws AppleDecodeException {
        List<SummaryInfo.EditVersion> out = new ArrayList<>();
        for (NSObject element : versions.getArray()) {
            if (!(element instanceof NSDictionary version)) {
                throw fail("ec[" + part + "] holds a non-dictionary");
            }
            double seconds = optional(version, "d", NSNumber.class)
                    .map(NSNumber::doubleValue)
                    .orElse(0.0);
            if (!(Math.abs(seconds) < MAX_SECONDS)) {
                throw fail("ec[" + part + "] date " + seconds + " is not a time");
            }
            String balloon = optional(version, "bcg", NSString.class)
                    .map(NSString::getContent)
                    .orElse(null);
            Optional<NSData> typedstream = optional(version, "t", NSData.class);
            if (typedstream.isEmpty()) {
                out.add(new SummaryInfo.EditVersion(seconds, null, balloon, null));
                continue;
            }
            byte[] blob = typedstream.get().bytes();
            try {
                out.add(new SummaryInfo.EditVersion(seconds, TypedStreamDecoder.decode(blob), balloon, null));
            } catch (AppleDecodeException e) {
                String legacy = LegacyText.scan(blob).orElse(null);
                LOG.info(
                        "reason=edit-version-legacy-text part={} recovered={} cause={}",
                        part,
                        legacy != null,
                        e.getMessage());
                out.add(new SummaryInfo.EditVersion(seconds, null, balloon, legacy));
            }
        }
        return out;
    }

    private static int partIndex(String key) throws AppleDecodeException {
        try {
            return checkedPart(Long.parseLong(key));
        } catch (NumberFormatException e) {
            throw fail("part key \"" + key + "\" is not a number");
        }
    }

    private static int checkedPart(long index) throws AppleDecodeException {
        if (index < 0 || index > MAX_PART_INDEX) {
            throw fail("part index " + index + " out of range");
        }
        return (int) index;
    }

    /** A key's value of the expected type; absent → empty; present with another type → error. */
    private static <T extends NSObject> Optional<T> optional(NSDictionary dictionary, String key, Class<T> type)
            throws AppleDecodeException {
        NSObject value = dictionary.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            throw fail(key + " is a " + value.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return Optional.of(type.cast(value));
    }

    private static AppleDecodeException fail(String message) {
        return new AppleDecodeException(WHAT + ": " + message);
    }
}
