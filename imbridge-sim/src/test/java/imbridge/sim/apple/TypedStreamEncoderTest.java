package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import imbridge.sim.apple.AttributedText.Attribute;
import imbridge.sim.apple.AttributedText.NsNumber;
import imbridge.sim.apple.AttributedText.Run;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder reproduces Apple's own typedstreams byte for byte from their decoded content. */
class TypedStreamEncoderTest {

    private static final String FFFC = "\uFFFC";

    @Test
    void textOnlyBodyIsByteExact() {
        AttributedText body = new AttributedText("Noter test", List.of(new Run(10, List.of(part(0)))), true);

        assertSameBytes(TypedStreamEncoder.encode(body), AppleFixtures.load("AttributedBodyTextOnly"));
    }

    @Test
    void mentionWithReusedNumberAndAttributeSetIsByteExact() {
        Run plain = new Run(5, List.of(part(0)));
        Run mention = new Run(
                3,
                List.of(
                        new Attribute(AttrKey.MENTION, "+15558675309"),
                        new Attribute(AttrKey.PART.fresh(), NsNumber.ofInt(0))));
        Run tail = new Run(1, List.of(part(0)));
        AttributedText body = new AttributedText("Test Dad ", List.of(plain, mention, tail), true);

        assertSameBytes(TypedStreamEncoder.encode(body), AppleFixtures.load("Mention"));
    }

    @Test
    void multiPartBodyWithAttachmentsIsByteExact() {
        String guid = "F0668F79-20C2-49C9-A87F-1B007ABB0CED";
        String text = FFFC + "test 1" + FFFC + "test 2 " + FFFC + "test 3";
        AttributedText body = new AttributedText(
                text,
                List.of(
                        attachment("at_0_" + guid, 0),
                        // Apple's second dictionary carries its own copy of the part key; later ones share the first
                        new Run(6, List.of(new Attribute(AttrKey.PART.fresh(), NsNumber.ofInt(1)))),
                        attachment("at_2_" + guid, 2),
                        new Run(7, List.of(part(3))),
                        attachment("at_4_" + guid, 4),
                        new Run(6, List.of(part(5)))),
                true);

        assertSameBytes(TypedStreamEncoder.encode(body), AppleFixtures.load("MultiPart"));
    }

    @Test
    void editHistoryVersionsAreByteExact() throws Exception {
        NSDictionary summary = (NSDictionary) PropertyListParser.parse(AppleFixtures.load("Edited.plist"));
        NSArray versions = (NSArray) ((NSDictionary) summary.objectForKey("ec")).objectForKey("0");
        List<String> texts = List.of("First message  ", "Edit 1", "Edit 2", "Edited message");

        for (int i = 0; i < texts.size(); i++) {
            byte[] expected = ((NSData) ((NSDictionary) versions.objectAtIndex(i)).objectForKey("t")).bytes();
            String text = texts.get(i);
            List<Attribute> attributes = i == 0
                    ? List.of(part(0))
                    : List.of(
                            new Attribute(AttrKey.BASE_WRITING_DIRECTION, new NsNumber('q', -1)),
                            new Attribute(AttrKey.PART, new NsNumber('q', 0)));
            AttributedText version = new AttributedText(text, List.of(new Run(text.length(), attributes)), false);

            assertSameBytes(TypedStreamEncoder.encode(version), expected);
        }
    }

    @Test
    void emptyUnsentBodyHasNoRuns() {
        byte[] bytes = TypedStreamEncoder.encode(AttributedText.empty());

        // header, "@" group, root object, "@" group, NSMutableString with a 0-byte "+" payload, END of root
        assertThat(HexFormat.of().formatHex(bytes)).endsWith("84012b0086" + "86");
    }

    @Test
    void largeValuesUseTheWideIntegerForms() {
        String text = "x".repeat(40_000);
        byte[] bytes = TypedStreamEncoder.encode(
                new AttributedText(text, List.of(new Run(text.length(), List.of(part(200)))), true));
        String hex = HexFormat.of().formatHex(bytes);

        assertThat(hex).contains("2b" + "82409c0000"); // "+" payload length 40000 as 0x82 int32
        assertThat(hex).contains("0182409c0000"); // run: set 1, length 40000 as 0x82 int32
        assertThat(hex).contains("81c800"); // NSNumber value 200 as 0x81 int16 (not a tag byte)
    }

    @Test
    void runsMustTileTheText() {
        assertThatThrownBy(() -> new AttributedText("abc", List.of(new Run(2, List.of(part(0)))), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cover 2");
    }

    private static Attribute part(int index) {
        return new Attribute(AttrKey.PART, NsNumber.ofInt(index));
    }

    private static Run attachment(String transferGuid, int part) {
        return new Run(
                1,
                List.of(
                        new Attribute(AttrKey.FILE_TRANSFER_GUID, transferGuid),
                        new Attribute(AttrKey.PART, NsNumber.ofInt(part))));
    }

    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(HexFormat.of().formatHex(actual)).isEqualTo(HexFormat.of().formatHex(expected));
    }
}
