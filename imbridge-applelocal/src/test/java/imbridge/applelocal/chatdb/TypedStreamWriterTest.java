package imbridge.applelocal.chatdb;

import static imbridge.applelocal.chatdb.TypedStreamWriter.MENTION;
import static imbridge.applelocal.chatdb.TypedStreamWriter.PART;
import static imbridge.applelocal.chatdb.TypedStreamWriter.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The test encoder is trusted only because it reproduces Apple's own blobs byte for byte. */
class TypedStreamWriterTest {

    @Test
    void reproducesAppleTextOnlyBody() {
        byte[] apple = AppleBlobs.bytes("typedstream/AttributedBodyTextOnly");

        assertThat(TypedStreamWriter.text("Noter test")).isEqualTo(apple);
    }

    @Test
    void reproducesAppleMentionBodyWithReusedRunAndNumber() {
        byte[] apple = AppleBlobs.bytes("typedstream/Mention");

        byte[] ours = TypedStreamWriter.attributedString(
                "Test Dad ",
                List.of(
                        new TypedStreamWriter.Run(5, attrs(PART, 0)),
                        new TypedStreamWriter.Run(3, attrs(MENTION, "+15558675309", PART, 0)),
                        new TypedStreamWriter.Run(1, attrs(PART, 0))));

        assertThat(ours).isEqualTo(apple);
    }
}
