package imbridge.app.verify;

import static imbridge.app.verify.Scenario.DM;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyCheckTest {

    private static Map<String, Object> replyTo(String eventId) {
        return Map.of("m.in_reply_to", Map.of("event_id", eventId));
    }

    @Test
    void repliesPointingAtTheirTargetsFirstPartsPass() {
        VerificationReport report = Scenario.replies().compare();

        assertThat(report.mismatched()).as("samples: %s", report.samples()).isZero();
        assertThat(report.ok()).isTrue();
    }

    @Test
    void aReplyWithoutItsRelationOrPointingElsewhereIsMismatched() {
        Scenario s = Scenario.replies();
        DeliveredEvent first = s.message(DM, 0);
        DeliveredEvent reply = s.message(DM, 1);
        Map<String, Object> stripped = new java.util.LinkedHashMap<>(reply.content());
        stripped.remove("m.relates_to");
        s.replaceMessage(
                DM,
                1,
                new DeliveredEvent(reply.eventId(), reply.type(), reply.sender(), reply.originServerTs(), stripped));
        s.replaceMessage(DM, 2, Scenario.withContent(s.message(DM, 2), "m.relates_to", replyTo(first.eventId())));

        VerificationReport report = s.compare();

        assertThat(report.mismatched()).isEqualTo(2);
        assertThat(report.samples())
                .extracting(ProblemSample::detail)
                .anySatisfy(d -> assertThat(d).startsWith("no m.in_reply_to"))
                .anySatisfy(d -> assertThat(d)
                        .contains("0C5E0001-AAAA-4BBB-8CCC-000000000001/text, expected "
                                + "0C5E0002-AAAA-4BBB-8CCC-000000000002/text"));
    }

    @Test
    void aRelationOnAPartThatIsNoReplyIsMismatched() {
        Scenario s = Scenario.replies();
        s.replaceMessage(
                DM, 0, Scenario.withContent(s.message(DM, 0), "m.relates_to", replyTo("$elsewhere:localhost")));

        VerificationReport report = s.compare();

        assertThat(report.mismatched()).isEqualTo(1);
        assertThat(report.samples())
                .singleElement()
                .satisfies(sample -> assertThat(sample.detail()).contains("not a reply's first part"));
    }
}
