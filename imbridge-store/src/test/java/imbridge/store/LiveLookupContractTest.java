package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.PartKey;
import imbridge.core.model.SentPart;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lookups of the live path (issue 6, behaviour.md §7.3/§7.4): every GUID comparison is case-insensitive (APNs
 * upper-case against CloudKit lower-case) and soft-deleted rows stay visible to echo detection.
 */
abstract class LiveLookupContractTest extends LiveLookupPortContract {

    @Test
    void recordingAPartTwiceKeepsTheFirstEvent() throws Exception {
        PartKey key = PartKey.text(UPPER);
        bridge.recordSentParts(List.of(new SentPart(DM, key, UPPER, "!dm:example.org", "$first", 1_000)));

        bridge.recordSentParts(List.of(
                new SentPart(DM, key, LOWER, "!dm:example.org", "$second", 1_001),
                new SentPart(DM, PartKey.attachment(UPPER, 0), UPPER, "!dm:example.org", "$att", 1_001)));
        bridge.recordSentParts(List.of());

        assertThat(bridge.eventIdOf(DM, key)).contains("$first");
        assertThat(bridge.eventIdOf(DM, PartKey.attachment(LOWER, 0))).contains("$att");
        assertThat(rows("message_map")).isEqualTo(2);
    }

    @Test
    void anInvalidPartRefusesTheWholeList() throws Exception {
        SentPart good = new SentPart(DM, PartKey.text(UPPER), UPPER, "!dm:example.org", "$ok", 1_000);
        SentPart noPortal = new SentPart(null, PartKey.text(guid(2)), guid(2), "!dm:example.org", "$bad", 1_000);

        assertThatThrownBy(() -> bridge.recordSentParts(List.of(good, noPortal)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(rows("message_map")).isZero();
    }
}
