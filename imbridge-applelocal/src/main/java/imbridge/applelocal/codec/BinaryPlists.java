package imbridge.applelocal.codec;

import com.dd.plist.BinaryPropertyListParser;
import com.dd.plist.NSObject;

/** Parses a binary plist with dd-plist after {@link BinaryPlistGuard} vetted its structure. */
final class BinaryPlists {
    private BinaryPlists() {}

    static NSObject parse(byte[] data, String what) throws AppleDecodeException {
        if (data == null) {
            throw new AppleDecodeException(what + ": no data");
        }
        try {
            BinaryPlistGuard.check(data);
        } catch (AppleDecodeException e) {
            throw new AppleDecodeException(what + ": " + e.getMessage(), e);
        }
        try {
            return BinaryPropertyListParser.parse(data);
        } catch (Exception e) {
            // dd-plist reports format problems as checked exceptions and some as runtime ones; both mean bad bytes.
            throw new AppleDecodeException(what + ": binary plist rejected by the parser: " + e, e);
        }
    }
}
