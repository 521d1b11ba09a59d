package imbridge.sim.apple;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Writes {@code message.message_summary_info} (behaviour.md §AL5.3), a binary plist: {@code otr} (the parts at send
 * time),
 * and either {@code ec}/{@code ep} (edit history of edited parts) or {@code rp} (retracted parts); {@code ust} true.
 */
public final class SummaryInfoWriter {

    /** A part's UTF-16 location and length at send time ({@code otr} entry). */
    public record PartRange(int location, int length) {}

    /**
     * One version of an edited part ({@code ec} entry).
     *
     * @param appleSeconds fractional seconds since 2001-01-01 ({@code d})
     */
    public record Version(AttributedText body, double appleSeconds) {
        public Version {
            Objects.requireNonNull(body, "body");
        }
    }

    private SummaryInfoWriter() {}

    /** An edited message: {@code history} maps each edited part to its versions, oldest first (last = current). */
    public static byte[] edited(
            SortedMap<Integer, PartRange> originalParts, SortedMap<Integer, List<Version>> history) {
        if (history.isEmpty() || history.values().stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("an edited message has at least one version of an edited part");
        }
        NSDictionary root = new NSDictionary();
        NSDictionary ec = new NSDictionary();
        history.forEach((part, versions) -> ec.put(part.toString(), versionArray(versions)));
        root.put("ec", ec);
        root.put("ust", true);
        root.put("ep", intArray(history.keySet()));
        root.put("otr", ranges(originalParts));
        return write(root);
    }

    /** A message whose {@code unsentParts} were retracted (every part: a fully unsent message). */
    public static byte[] unsent(SortedMap<Integer, PartRange> originalParts, Set<Integer> unsentParts) {
        if (unsentParts.isEmpty()) {
            throw new IllegalArgumentException("an unsent message has at least one retracted part");
        }
        NSDictionary root = new NSDictionary();
        root.put("ust", true);
        root.put("rp", intArray(new TreeSet<>(unsentParts)));
        root.put("otr", ranges(originalParts));
        return write(root);
    }

    private static NSArray versionArray(List<Version> versions) {
        NSArray array = new NSArray(versions.size());
        for (int i = 0; i < versions.size(); i++) {
            NSDictionary entry = new NSDictionary();
            entry.put("t", new NSData(TypedStreamEncoder.encode(versions.get(i).body())));
            entry.put("d", new NSNumber(versions.get(i).appleSeconds()));
            array.setValue(i, entry);
        }
        return array;
    }

    private static NSDictionary ranges(Map<Integer, PartRange> parts) {
        NSDictionary otr = new NSDictionary();
        parts.forEach((part, range) -> {
            NSDictionary entry = new NSDictionary();
            entry.put("lo", range.location());
            entry.put("le", range.length());
            otr.put(part.toString(), entry);
        });
        return otr;
    }

    private static NSArray intArray(Set<Integer> values) {
        NSArray array = new NSArray(values.size());
        int i = 0;
        for (int value : values) {
            array.setValue(i++, new NSNumber(value));
        }
        return array;
    }

    private static byte[] write(NSDictionary root) {
        try {
            return BinaryPropertyListWriter.writeToArray(root);
        } catch (IOException e) {
            throw new UncheckedIOException("binary plist of an in-memory dictionary", e);
        }
    }
}
