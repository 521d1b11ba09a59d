package imbridge.applelocal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The annotated example of spec 3.5 ("Hi Bob", "Bob" mentioning +15551234567), transcribed token by token. */
final class SpecExample {
    static final String HI_BOB = """
            04 0B "streamtyped" 81 E8 03
            84 01 40
            84
              84 84 19 "NSMutableAttributedString" 00
              84 84 12 "NSAttributedString" 00
              84 84 08 "NSObject" 00
              85
              92
              84
                84 84 0F "NSMutableString" 01
                84 84 08 "NSString" 01
                95
                84 01 2B
                06 "Hi Bob"
              86
              84 02 69 49
              01 03
              92 84
                84 84 0C "NSDictionary" 00 95
                84 01 69 01
                92 84 98 98 1D "__kIMMessagePartAttributeName" 86
                92 84 84 84 08 "NSNumber" 00 84 84 07 "NSValue" 00 95
                   84 01 2A
                   84 9B
                   9B 00
                86
              86
              99 02 03
              92 84 9A 9B 02
                92 84 98 98 1C "__kIMMentionConfirmedMention" 86
                92 84 98 98 0C "+15551234567" 86
                92 84 98 98 1D "__kIMMessagePartAttributeName" 86
                92 9C
              86
            86
            """;

    private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|([0-9A-Fa-f]{2})");

    private SpecExample() {}

    /** Hex byte tokens and quoted ASCII strings, in order. */
    static byte[] bytes(String listing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = TOKEN.matcher(listing);
        while (m.find()) {
            if (m.group(1) != null) {
                out.writeBytes(m.group(1).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(Integer.parseInt(m.group(2), 16));
            }
        }
        return out.toByteArray();
    }
}
