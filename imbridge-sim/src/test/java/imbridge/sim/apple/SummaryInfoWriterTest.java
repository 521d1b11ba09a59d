package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import imbridge.sim.apple.AttributedText.Attribute;
import imbridge.sim.apple.AttributedText.NsNumber;
import imbridge.sim.apple.AttributedText.Run;
import imbridge.sim.apple.SummaryInfoWriter.PartRange;
import imbridge.sim.apple.SummaryInfoWriter.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SummaryInfoWriterTest {

    /** Apple's Edited.plist re-created from its content: every key we write decodes to Apple's value. */
    @Test
    void editedMessageMatchesApplesPlist() throws Exception {
        NSDictionary apple = (NSDictionary) PropertyListParser.parse(AppleFixtures.load("Edited.plist"));
        NSArray appleVersions = (NSArray) ((NSDictionary) apple.objectForKey("ec")).objectForKey("0");
        List<String> texts = List.of("First message  ", "Edit 1", "Edit 2", "Edited message");
        List<Version> versions = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            double seconds =
                    ((NSNumber) ((NSDictionary) appleVersions.objectAtIndex(i)).objectForKey("d")).doubleValue();
            versions.add(new Version(appleVersionBody(i, texts.get(i)), seconds));
        }
        TreeMap<Integer, List<Version>> history = new TreeMap<>();
        history.put(0, versions);
        TreeMap<Integer, PartRange> parts = new TreeMap<>();
        parts.put(0, new PartRange(0, 15));

        NSDictionary ours = (NSDictionary) PropertyListParser.parse(SummaryInfoWriter.edited(parts, history));

        assertThat(ours.allKeys()).containsExactlyInAnyOrder("otr", "ec", "ep", "ust");
        for (String key : ours.allKeys()) {
            assertThat(ours.objectForKey(key)).as(key).isEqualTo(apple.objectForKey(key));
        }
    }

    @Test
    void unsentMessageListsItsRetractedParts() throws Exception {
        TreeMap<Integer, PartRange> parts = new TreeMap<>();
        parts.put(0, new PartRange(0, 5));
        parts.put(1, new PartRange(5, 1));

        NSDictionary ours = (NSDictionary) PropertyListParser.parse(SummaryInfoWriter.unsent(parts, Set.of(1, 0)));

        assertThat(ours.allKeys()).containsExactlyInAnyOrder("otr", "rp", "ust");
        assertThat(((NSNumber) ours.objectForKey("ust")).boolValue()).isTrue();
        NSObject[] retracted = ((NSArray) ours.objectForKey("rp")).getArray();
        assertThat(retracted).extracting(o -> ((NSNumber) o).intValue()).containsExactly(0, 1);
        NSDictionary second = (NSDictionary) ((NSDictionary) ours.objectForKey("otr")).objectForKey("1");
        assertThat(((NSNumber) second.objectForKey("lo")).intValue()).isEqualTo(5);
        assertThat(((NSNumber) second.objectForKey("le")).intValue()).isEqualTo(1);
    }

    @Test
    void versionBodiesAreTypedstreams() throws Exception {
        TreeMap<Integer, List<Version>> history = new TreeMap<>();
        AttributedText body = new AttributedText(
                "hi", List.of(new Run(2, List.of(new Attribute(AttrKey.PART, NsNumber.ofInt(0))))), false);
        history.put(0, List.of(new Version(body, 700_000_000.25)));
        TreeMap<Integer, PartRange> parts = new TreeMap<>();
        parts.put(0, new PartRange(0, 2));

        NSDictionary ours = (NSDictionary) PropertyListParser.parse(SummaryInfoWriter.edited(parts, history));
        NSDictionary version =
                (NSDictionary) ((NSArray) ((NSDictionary) ours.objectForKey("ec")).objectForKey("0")).objectAtIndex(0);

        assertThat(((NSData) version.objectForKey("t")).bytes()).isEqualTo(TypedStreamEncoder.encode(body));
        assertThat(((NSNumber) version.objectForKey("d")).doubleValue()).isEqualTo(700_000_000.25);
    }

    private static AttributedText appleVersionBody(int index, String text) {
        List<Attribute> attributes = index == 0
                ? List.of(new Attribute(AttrKey.PART, NsNumber.ofInt(0)))
                : List.of(
                        new Attribute(AttrKey.BASE_WRITING_DIRECTION, new NsNumber('q', -1)),
                        new Attribute(AttrKey.PART, new NsNumber('q', 0)));
        return new AttributedText(text, List.of(new Run(text.length(), attributes)), false);
    }
}
