package imbridge.applelocal.chatdb;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Test-only {@code message_summary_info} binary plists in the shape behaviour.md §AL5.3 describes. */
final class SummaryInfoPlist {
    private SummaryInfoPlist() {}

    /** One version of an edited part: its typedstream and when it was written (seconds since 2001). */
    record Version(byte[] typedstream, double appleSeconds) {}

    /** Part 0 edited: its versions oldest first, the last being the current text. */
    static byte[] edited(int originalLength, List<Version> versions) {
        NSDictionary root = new NSDictionary();
        root.put("otr", originalParts(originalLength));
        NSArray history = new NSArray(versions.size());
        for (int i = 0; i < versions.size(); i++) {
            NSDictionary v = new NSDictionary();
            v.put("t", new NSData(versions.get(i).typedstream()));
            v.put("d", new NSNumber(versions.get(i).appleSeconds()));
            history.setValue(i, v);
        }
        NSDictionary ec = new NSDictionary();
        ec.put("0", history);
        root.put("ec", ec);
        root.put("ep", new NSArray(new NSNumber(0)));
        root.put("ust", true);
        return write(root);
    }

    /** {@code unsentParts} of a message whose parts had the given UTF-16 lengths were unsent. */
    static byte[] unsent(int[] partLengths, int... unsentParts) {
        NSDictionary root = new NSDictionary();
        root.put("otr", originalParts(partLengths));
        NSNumber[] rp = new NSNumber[unsentParts.length];
        for (int i = 0; i < unsentParts.length; i++) {
            rp[i] = new NSNumber(unsentParts[i]);
        }
        root.put("rp", new NSArray(rp));
        root.put("ust", true);
        return write(root);
    }

    private static NSDictionary originalParts(int... lengths) {
        NSDictionary otr = new NSDictionary();
        int location = 0;
        for (int i = 0; i < lengths.length; i++) {
            NSDictionary range = new NSDictionary();
            range.put("lo", location);
            range.put("le", lengths[i]);
            otr.put(String.valueOf(i), range);
            location += lengths[i];
        }
        return otr;
    }

    private static byte[] write(NSDictionary root) {
        try {
            return BinaryPropertyListWriter.writeToArray(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
