package imbridge.sim.cloudkit;

import static imbridge.sim.cloudkit.CloudKitSimulatorHttpTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Auth, injected faults, changes appended after start, and speed, each on its own small simulator. */
class SimulatorBehaviourHttpTest {

    private final SimHttp http = new SimHttp();

    @Test
    void requestsWithoutTheApiTokenAreRejected() {
        try (CloudKitSimulator sim =
                CloudKitSimulator.start(SimConfig.defaults(1, 4, 40).withApiToken("s3cret"))) {
            String zones = sim.databaseUrl() + "/zones/list";

            assertError(http.get(zones), 401, "AUTHENTICATION_FAILED");
            assertError(http.get(zones + "?ckAPIToken=wrong"), 401, "AUTHENTICATION_FAILED");
            assertThat(http.get(zones + "?ckAPIToken=s3cret").status()).isEqualTo(200);
            String asset = sim.baseUrl() + "/assets/"
                    + sim.dataset().attachments().stream()
                            .findFirst()
                            .map(AttachmentRecord::recordName)
                            .orElse("none");
            assertError(
                    http.post(sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(Zones.MESSAGES, null, null)),
                    401,
                    "AUTHENTICATION_FAILED");
            assertError(http.get(asset), 401, "AUTHENTICATION_FAILED");
            assertThat(http.get(sim.baseUrl() + "/_sim/stats").status()).isEqualTo(200);
        }
    }

    @Test
    void plannedFaultsAreServedOnceEachWithRetryAfter() {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(1, 4, 40))) {
            sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.THROTTLED, 2);
            sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.ZONE_BUSY, null);
            String url = sim.databaseUrl() + "/changes/zone";
            JsonNode request = SimHttp.changesRequest(Zones.MESSAGES, null, null);

            SimHttp.Response throttled = http.post(url, request);
            assertError(throttled, 429, "THROTTLED");
            assertThat(throttled.json().get("retryAfter").asInt()).isEqualTo(2);
            SimHttp.Response busy = http.post(url, request);
            assertError(busy, 503, "ZONE_BUSY");
            assertThat(busy.json().has("retryAfter")).isFalse();
            assertThat(http.post(url, request).status()).isEqualTo(200);
            assertThat(sim.stats().snapshot().faultsInjected()).isEqualTo(2);
        }
    }

    @Test
    void changesAppendedAfterStartArriveAfterTheSavedToken() {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(5, 6, 120))) {
            String saved = http.drain(sim.databaseUrl(), Zones.MESSAGES, null, null)
                    .getLast()
                    .syncToken();
            MessageRecord victim = sim.dataset().messages().getFirst();
            MessageRecord late = new MessageRecord(
                    "late-record",
                    "0f0f0f0f-0000-4000-8000-000000000001",
                    "iMessage;-;+15559990000",
                    "+15559990000",
                    800_000_000_000_000_000L,
                    MessageRecord.FLAG_READ,
                    "arrived late",
                    null,
                    List.of(),
                    "iMessage",
                    0);
            sim.dataset().append(late);
            sim.dataset().delete(Zones.MESSAGES, victim.recordName());

            SimHttp.ZonePage page = http.changes(sim.databaseUrl(), Zones.MESSAGES, saved, null);

            assertThat(page.records()).hasSize(2);
            assertThat(page.moreComing()).isFalse();
            assertThat(page.syncToken()).isNotEqualTo(saved);
            assertThat(page.records().get(0).get("recordName").asText()).isEqualTo("late-record");
            JsonNode tombstone = page.records().get(1);
            assertThat(tombstone.get("recordName").asText()).isEqualTo(victim.recordName());
            assertThat(tombstone.get("deleted").asBoolean()).isTrue();
            assertThat(tombstone.has("fields")).isFalse();
            assertThat(tombstone.get("zoneID").get("zoneName").asText()).isEqualTo(Zones.MESSAGES);

            JsonNode truth = http.get(sim.baseUrl() + "/_sim/truth").json();
            assertThat(truth.toString())
                    .contains("\"portalId\":\"tel:+15559990000\"")
                    .contains("arrived late")
                    .doesNotContain(victim.guid());
            assertThat(http.post(
                                    sim.databaseUrl() + "/records/lookup",
                                    SimHttp.lookupRequest(Zones.MESSAGES, victim.recordName()))
                            .json()
                            .get("records")
                            .get(0)
                            .get("serverErrorCode")
                            .asText())
                    .isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void demoSizedDatasetStartsPagesAndServesItsTruth() { // no wall-clock limit: the machine is shared

        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(9, 30, 20_000))) {
            int records = 0;
            for (String zone : List.of(Zones.ATTACHMENTS, Zones.CHATS, Zones.MESSAGES)) {
                records += http.drain(sim.databaseUrl(), zone, null, 400).stream()
                        .mapToInt(p -> p.records().size())
                        .sum();
            }
            JsonNode truth = http.get(sim.baseUrl() + "/_sim/truth").json();

            assertThat(records)
                    .isEqualTo(20_000
                            + sim.dataset().chats().size()
                            + sim.dataset().attachments().size());
            assertThat(truth.get("portals")).hasSize(30);
            assertThat(sim.stats().snapshot().pages()).isGreaterThanOrEqualTo(50);
        }
    }
}
