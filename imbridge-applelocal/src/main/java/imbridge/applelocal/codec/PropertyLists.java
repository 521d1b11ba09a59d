package imbridge.applelocal.codec;

import com.dd.plist.NSObject;
import com.dd.plist.XMLPropertyListParser;
import java.nio.charset.StandardCharsets;

/**
 * The one way the reader parses a property list it did not write (Manifest.plist, Manifest.db file records,
 * Messages blobs). dd-plist on its own is not safe with hostile bytes: its binary parser allocates an array of
 * whatever count an object announces, and its ASCII and XML parsers recurse once per nesting level. So binary plists
 * go through {@link BinaryPlistGuard} first; XML ones are checked for nesting depth and entity declarations first;
 * and the ASCII (OpenStep/GNUstep) formats, which Apple's backups and databases never use, are refused.
 */
public final class PropertyLists {
    private static final byte[] BINARY_MAGIC = "bplist".getBytes(StandardCharsets.US_ASCII);

    private PropertyLists() {}

    /** A binary ({@code bplist00}) property list. */
    public static NSObject binary(byte[] data, String what) throws AppleDecodeException {
        return BinaryPlists.parse(data, what);
    }

    /** A binary or XML property list, told apart by the binary magic. */
    public static NSObject binaryOrXml(byte[] data, String what) throws AppleDecodeException {
        if (data == null) {
            throw new AppleDecodeException(what + ": no data");
        }
        if (startsWith(data, BINARY_MAGIC)) {
            return BinaryPlists.parse(data, what);
        }
        XmlPlistGuard.check(data, what);
        try {
            return XMLPropertyListParser.parse(data);
        } catch (Exception e) {
            // dd-plist reports XML problems as several checked and runtime exceptions; all mean bad bytes.
            throw new AppleDecodeException(what + ": XML property list rejected by the parser: " + e, e);
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
