package imbridge.app.verify;

import static imbridge.app.verify.Scenario.DM;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attachments the simulator broke for good ({@code brokenReason} in the truth) must arrive as an {@code m.notice}
 * with the attachment's part ID, in the attachment's place.
 */
class AbandonedAttachmentNoticeTest {

    @Test
    void aBrokenFilePartInTheTruthIsExpectedAsANoticeWithTheSimulatorsReason() {
        GroundTruth truth = GroundTruthParser.parse("""
                {"seed":1,"portals":[{"portalId":"tel:+15551234567","kind":"dm","members":[],"parts":[
                  {"guid":"g1","part":"att0","ts":5,"sender":"tel:+15551234567","fromMe":false,"kind":"file",
                   "filename":"a.jpeg","mime":"image/jpeg","size":10,"sha256":"ab","brokenReason":"CHECKSUM_MISMATCH"},
                  {"guid":"g1","part":"att1","ts":5,"sender":"tel:+15551234567","fromMe":false,"kind":"file",
                   "filename":"b.jpeg","mime":"image/jpeg","size":10,"sha256":"cd"}]}]}""");
        List<ExpectedPart> parts = truth.portals().getFirst().parts();
        assertThat(parts.get(0).isNotice()).isTrue();
        assertThat(parts.get(0).isFile()).isFalse();
        assertThat(parts.get(0).body()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(parts.get(1).isFile()).isTrue();
    }

    @Test
    void aNoticeInTheAbandonedAttachmentsPlaceIsCorrect() {
        Scenario s = Scenario.small();
        GroundTruth truth = abandon(s.truth, DM, 2, "NOT_FOUND");
        s.replaceMessage(DM, 2, notice(s.message(DM, 2), "⚠️ The attachment could not be downloaded"));

        VerificationReport report = s.compare(truth);

        assertThat(report.ok()).as(report.toJson()).isTrue();
        assertThat(report.mismatched()).isZero();
    }

    @Test
    void theFileItselfOrANoticeWithoutTextIsAMismatchAndNoDeliveryIsMissing() {
        Scenario delivered = Scenario.small(); // the file was sent although the truth says it is broken
        GroundTruth truth = abandon(delivered.truth, DM, 2, "SERVER_ERROR");
        assertThat(delivered.compare(truth).mismatched()).isEqualTo(1);

        Scenario empty = Scenario.small();
        empty.replaceMessage(DM, 2, notice(empty.message(DM, 2), " "));
        assertThat(empty.compare(truth).mismatched()).isEqualTo(1);

        Scenario dropped = Scenario.small();
        dropped.room(DM).events.remove(dropped.messageIndex(DM, 2));
        VerificationReport report = dropped.compare(truth);
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.mismatched()).isZero();
    }

    /** The truth with the {@code n}-th part of the portal turned into an abandoned attachment. */
    private static GroundTruth abandon(GroundTruth truth, String portalId, int n, String reason) {
        List<ExpectedPortal> portals = new ArrayList<>();
        for (ExpectedPortal p : truth.portals()) {
            List<ExpectedPart> parts = new ArrayList<>(p.parts());
            if (p.portalId().equals(portalId)) {
                ExpectedPart f = parts.get(n);
                assertThat(f.isFile()).isTrue();
                parts.set(
                        n,
                        new ExpectedPart(
                                f.guid(),
                                f.part(),
                                f.ts(),
                                f.sender(),
                                f.fromMe(),
                                ExpectedPart.KIND_NOTICE,
                                reason,
                                f.filename(),
                                f.mime(),
                                f.size(),
                                f.sha256()));
            }
            portals.add(new ExpectedPortal(p.portalId(), p.kind(), p.name(), p.members(), parts));
        }
        return new GroundTruth(truth.seed(), truth.dataset(), truth.ownerHandles(), portals);
    }

    private static DeliveredEvent notice(DeliveredEvent file, String body) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("msgtype", "m.notice");
        content.put("body", body);
        content.put("com.imbridge.part", file.content().get("com.imbridge.part"));
        return new DeliveredEvent(file.eventId(), file.type(), file.sender(), file.originServerTs(), content);
    }
}
