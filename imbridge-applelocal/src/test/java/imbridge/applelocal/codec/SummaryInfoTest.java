package imbridge.applelocal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.fasterxml.jackson.databind.JsonNode;
import imbridge.applelocal.codec.AppleFixturesTest.Fixtures;
import imbridge.applelocal.codec.SummaryInfo.PartStatus;
import imbridge.applelocal.codec.TestTypedStreamWriter.Run;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** message_summary_info: the real edited fixture and plists built with dd-plist for unsends and odd shapes. */
class SummaryInfoTest {

    @Test
    void theRealEditedMessage() throws Exception {
        SummaryInfo info = SummaryInfo.decode(Fixtures.bytes("edited_message/Edited.plist"));

        assertThat(info.partCount()).isEqualTo(1);
        assertThat(info.status(0)).isEqualTo(PartStatus.EDITED);
        assertThat(info.isEdited(0)).isTrue();
        assertThat(info.isUnsent(0)).isFalse();
        assertThat(info.isFullyUnsent()).isFalse();
        assertThat(info.history(0))
                .extracting(SummaryInfo.EditVersion::text)
                .containsExactly("First message  ", "Edit 1", "Edit 2", "Edited message");
        assertThat(info.currentBody(0)).map(AttributedBody::text).contains("Edited message");
        assertThat(info.originalBody(0)).map(AttributedBody::text).contains("First message  ");
        assertThat(info.currentVersion(0).orElseThrow().unixMillis())
                .isEqualTo(AppleDates.secondsToUnixMillis(690_513_494.0120859));
        assertThat(info.history(0).get(1).body().runs().getFirst().attributes())
                .containsEntry("__kIMBaseWritingDirectionAttributeName", -1L);
    }

    @Test
    void fullyUnsentMessage() throws Exception {
        NSDictionary root = new NSDictionary();
        root.put("otr", parts(2));
        root.put("rp", new NSArray(new NSNumber(0), new NSNumber(1)));

        SummaryInfo info = SummaryInfo.decode(write(root));

        assertThat(info.isFullyUnsent()).isTrue();
        assertThat(info.status(1)).isEqualTo(PartStatus.UNSENT);
        assertThat(info.history(1)).isEmpty();
        assertThat(info.currentBody(1)).isEmpty();
    }

    @Test
    void oneEditedAndOneUnsentPart() throws Exception {
        NSDictionary version = new NSDictionary();
        version.put(
                "t",
                TestTypedStreamWriter.encode("new text", List.of(new Run(8, Map.of(AttributeKeys.MESSAGE_PART, 1)))));
        version.put("d", 700_000_000.5);
        version.put("bcg", "BALLOON-GUID");
        NSDictionary edits = new NSDictionary();
        edits.put("1", new NSArray(version));
        NSDictionary root = new NSDictionary();
        root.put("otr", parts(3));
        root.put("ec", edits);
        root.put("rp", new NSArray(new NSNumber(0)));

        byte[] plist = write(root);
        SummaryInfo info = SummaryInfo.decode(plist);
        JsonNode facts = AppleFacts.summaryInfo(plist);

        assertThat(info.isFullyUnsent()).isFalse();
        assertThat(List.of(info.status(0), info.status(1), info.status(2)))
                .containsExactly(PartStatus.UNSENT, PartStatus.EDITED, PartStatus.ORIGINAL);
        assertThat(info.currentVersion(1).orElseThrow().balloonGuid()).isEqualTo("BALLOON-GUID");
        assertThat(facts.get("parts")).hasSize(3);
        assertThat(facts.at("/parts/0/status").asText()).isEqualTo("Unsent");
        assertThat(facts.at("/parts/1/status").asText()).isEqualTo("Edited");
        assertThat(facts.at("/parts/1/history/0/dateNs").asLong()).isEqualTo(700_000_000_000_000_000L);
        assertThat(facts.at("/parts/1/history/0/guid").asText()).isEqualTo("BALLOON-GUID");
        assertThat(facts.at("/parts/2/status").asText()).isEqualTo("Original");
    }

    @Test
    void anUndecodableVersionFallsBackToItsLegacyText() throws Exception {
        byte[] good =
                TestTypedStreamWriter.encode("kept text", List.of(new Run(9, Map.of(AttributeKeys.MESSAGE_PART, 0))));
        NSDictionary version = new NSDictionary();
        version.put("t", Arrays.copyOf(good, good.length - 3)); // truncated after the string
        version.put("d", 1.0);
        NSDictionary edits = new NSDictionary();
        edits.put("0", new NSArray(version));
        NSDictionary root = new NSDictionary();
        root.put("ec", edits);

        SummaryInfo.EditVersion decoded =
                SummaryInfo.decode(write(root)).history(0).getFirst();

        assertThat(decoded.body()).isNull();
        assertThat(decoded.legacyText()).isEqualTo("kept text");
        assertThat(decoded.text()).isEqualTo("kept text");
    }

    @Test
    void wrongShapesAreRejected() throws Exception {
        NSDictionary badKey = new NSDictionary();
        NSDictionary edits = new NSDictionary();
        edits.put("first", new NSArray(0));
        badKey.put("ec", edits);
        NSDictionary hugeIndex = new NSDictionary();
        hugeIndex.put("rp", new NSArray(new NSNumber(2_000_000_000)));
        NSDictionary wrongType = new NSDictionary();
        wrongType.put("rp", "0");
        NSDictionary badDate = new NSDictionary();
        NSDictionary version = new NSDictionary();
        version.put("d", Double.POSITIVE_INFINITY);
        NSDictionary dated = new NSDictionary();
        dated.put("0", new NSArray(version));
        badDate.put("ec", dated);

        assertRejected(write(badKey), "not a number");
        assertRejected(write(hugeIndex), "out of range");
        assertRejected(write(wrongType), "not a NSArray");
        assertRejected(write(badDate), "not a time");
        assertRejected(write(new NSArray(new NSNumber(1))), "not a dictionary");
        assertRejected("<plist/>".getBytes(), "not a binary plist");
    }

    private static NSDictionary parts(int count) {
        NSDictionary otr = new NSDictionary();
        for (int i = 0; i < count; i++) {
            NSDictionary range = new NSDictionary();
            range.put("lo", 0);
            range.put("le", 1);
            otr.put(Integer.toString(i), range);
        }
        return otr;
    }

    private static void assertRejected(byte[] plist, String reason) {
        assertThatThrownBy(() -> SummaryInfo.decode(plist))
                .isInstanceOf(AppleDecodeException.class)
                .hasMessageContaining(reason);
    }

    static byte[] write(NSObject plist) throws IOException {
        return BinaryPropertyListWriter.writeToArray(plist);
    }
}
