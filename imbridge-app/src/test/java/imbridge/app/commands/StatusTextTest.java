package imbridge.app.commands;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.backfill.BackfillSummary;
import imbridge.core.model.BackfillStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTextTest {

    @Test
    void withoutOlderHistoryInProgressThereIsNoSuchLine() {
        BridgeStatus status =
                new BridgeStatus(true, false, Map.of(), List.of(), 0, null, 0, 0, 0, BridgeStatus.Live.NONE);
        assertThat(StatusText.of(status)).doesNotContain("Older history");
    }

    @Test
    void listsWhatNeedsAttentionAndCountsTheRest() {
        List<BridgeStatus.PortalStatus> portals = new ArrayList<>();
        portals.add(new BridgeStatus.PortalStatus("tel:+15551230001", "!a:s", BackfillStatus.DONE, 40, null));
        portals.add(new BridgeStatus.PortalStatus(
                "tel:+15551230002", "!b:s", BackfillStatus.FAILED, 3, "M_FORBIDDEN on send"));
        portals.add(new BridgeStatus.PortalStatus("gid:abc", null, null, 0, null));
        for (int i = 0; i < StatusText.MAX_LISTED + 2; i++) {
            portals.add(new BridgeStatus.PortalStatus(
                    "mailto:p" + i + "@example.com", "!p" + i + ":s", BackfillStatus.RUNNING, i, null));
        }
        BridgeStatus status = new BridgeStatus(
                true,
                true,
                Map.of("chatManateeZone", true, "messageManateeZone", true, "attachmentManateeZone", false),
                portals,
                2,
                new BackfillSummary(15, 1, List.of("tel:+15551230002")),
                3,
                20_000,
                11,
                new BridgeStatus.Live(1, 4, Map.of("STALE_ECHO_DELETED_PORTAL", 2L)),
                List.of(
                        new BridgeStatus.OlderHistory("gid:big", 3000, null),
                        new BridgeStatus.OlderHistory("tel:+15551230009", 1000, "M_LIMIT_EXCEEDED on batch_send")));

        String text = StatusText.of(status);

        assertThat(text)
                .startsWith("imbridge status\n")
                .contains("first sync done (live path open); start-up sync running")
                .contains("tokens stored: attachmentManateeZone no, chatManateeZone yes, messageManateeZone yes")
                .contains("Portals: 15 (14 with a room, 2 deleted)")
                .contains("Backfill: running 12, done 1, failed 1, not started 1")
                .contains("  tel:+15551230002: failed, 3 parts sent (M_FORBIDDEN on send)")
                .contains("… and 3 more")
                .contains("Backfill queue: 1 of 15 portals finished this run, failed: tel:+15551230002")
                .contains("Matrix-side queue: 3 pending (this command included)")
                .contains("Live inbox: 1 pending, 4 held behind their portal's history; drops by reason: "
                        + "{STALE_ECHO_DELETED_PORTAL=2}")
                .contains("Older history being inserted (batch send): 2 portal(s), 4000 messages in so far")
                .contains("  tel:+15551230009: stopped (M_LIMIT_EXCEEDED on batch_send), retried on its next run")
                .contains("Counts: 20000 cached messages, 11 rejected records")
                .doesNotContain("tel:+15551230001:");
    }
}
