package imbridge.sim.cloudkit;

import static imbridge.sim.cloudkit.CloudKitSimulatorHttpTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.testing.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every fault kind observed over HTTP, planned and random, and the guarantees random faults keep. */
class FaultInjectionHttpTest {

    private final SimHttp http = new SimHttp();

    @Test
    void plannedErrorsAreServedWithTheirStatusAndRetryHints() {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(1, 4, 40))) {
            String url = sim.databaseUrl() + "/changes/zone";
            String token =
                    http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 10).syncToken();
            JsonNode request = SimHttp.changesRequest(Zones.MESSAGES, token, 10);
            sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.INTERNAL_ERROR, null);
            sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.TRY_AGAIN_LATER, null);
            sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.THROTTLED, 1);
            sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.ZONE_BUSY, 1);
            sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.CHANGE_TOKEN_EXPIRED, null);

            assertThat(assertError(http.post(url, request), 500, "INTERNAL_ERROR")
                            .has("retryAfter"))
                    .isFalse();
            assertError(http.post(url, request), 503, "TRY_AGAIN_LATER");
            assertThat(assertError(http.post(url, request), 429, "THROTTLED")
                            .get("retryAfter")
                            .asInt())
                    .isEqualTo(1);
            assertThat(assertError(http.post(url, request), 503, "ZONE_BUSY")
                            .get("retryAfter")
                            .asInt())
                    .isEqualTo(1);
            assertError(http.post(url, request), 410, "CHANGE_TOKEN_EXPIRED");
            assertThat(http.post(url, request).status()).isEqualTo(200);

            JsonNode faults = http.get(sim.baseUrl() + "/_sim/stats").json().get("faultsInjected");
            for (String code :
                    List.of("INTERNAL_ERROR", "TRY_AGAIN_LATER", "THROTTLED", "ZONE_BUSY", "CHANGE_TOKEN_EXPIRED")) {
                assertThat(faults.get(code).asLong()).as(code).isEqualTo(1);
            }
            assertThat(sim.stats().snapshot().faultsInjected()).isEqualTo(5);
        }
    }

    @Test
    void aStalledTokenComesBackUnchangedWithNoRecordsAndMoreComing() {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(1, 4, 40))) {
            SimHttp.ZonePage first = http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 10);
            sim.faults().stallNext(2);

            SimHttp.ZonePage stalled = http.changes(sim.databaseUrl(), Zones.MESSAGES, first.syncToken(), 10);
            SimHttp.ZonePage stalledFromStart = http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 10);
            SimHttp.ZonePage resumed = http.changes(sim.databaseUrl(), Zones.MESSAGES, first.syncToken(), 10);

            assertThat(stalled.records()).isEmpty();
            assertThat(stalled.syncToken()).isEqualTo(first.syncToken());
            assertThat(stalled.moreComing()).isTrue();
            assertThat(stalledFromStart.records()).isEmpty();
            assertThat(stalledFromStart.moreComing()).isTrue();
            assertThat(http.changes(sim.databaseUrl(), Zones.MESSAGES, stalledFromStart.syncToken(), 10)
                            .records())
                    .isEqualTo(first.records());
            assertThat(resumed.records()).hasSize(10).doesNotContainAnyElementsOf(first.records());
            assertThat(sim.stats().snapshot().faultsByCode()).containsEntry("STALLED_TOKEN", 2L);
        }
    }

    @Test
    void truncatedJsonIsAnOkStatusWithABodyCutShort() {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(1, 4, 40))) {
            String url = sim.databaseUrl() + "/changes/zone";
            JsonNode request = SimHttp.changesRequest(Zones.MESSAGES, null, 10);
            sim.faults().truncateNext(1);

            SimHttp.Response cut = http.post(url, request);
            SimHttp.Response whole = http.post(url, request);

            assertThat(cut.status()).isEqualTo(200);
            assertThat(cut.body().length).isEqualTo(whole.body().length / 2);
            assertThatThrownBy(() -> SimHttp.JSON.readTree(cut.body())).isInstanceOf(IOException.class);
            assertThat(whole.json().at("/zones/0/records")).hasSize(10);
            assertThat(sim.stats().snapshot().pagesServed()).containsEntry(Zones.MESSAGES, 1L);
        }
    }

    @Test
    void aSlowAnswerArrivesLateButWhole() {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(1, 4, 40))) {
            SimHttp.ZonePage normal = http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 10);
            sim.faults().slowNext(1, Duration.ofMillis(300));

            long started = System.nanoTime();
            SimHttp.ZonePage slow = http.changes(sim.databaseUrl(), Zones.MESSAGES, null, 10);
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(millis).isGreaterThanOrEqualTo(300);
            assertThat(slow).isEqualTo(normal);
            assertThat(sim.stats().snapshot().faultsByCode()).containsEntry("SLOW_RESPONSE", 1L);
            assertThat(sim.stats().snapshot().pagesServed()).containsEntry(Zones.MESSAGES, 2L);
        }
    }

    @Test
    void randomFaultsDependOnlyOnTheSeedAndTheRequestSequence() {
        SimConfig config = SimConfig.defaults(5, 4, 200)
                .withFaults(FaultFamily.parseSet("cloudkit"))
                .withFaultRate(0.5);
        List<String> first;
        List<String> second;
        List<String> otherSeed;
        try (CloudKitSimulator sim = CloudKitSimulator.start(config)) {
            first = outcomes(sim, Zones.MESSAGES, 24);
        }
        try (CloudKitSimulator sim = CloudKitSimulator.start(config)) {
            second = outcomes(sim, Zones.MESSAGES, 24);
        }
        otherSeed = outcomesWithSeed(6, Zones.MESSAGES, 24);

        assertThat(first).isEqualTo(second).contains("ok").anyMatch(o -> !o.equals("ok"));
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void neverMoreThanTwoFailuresInARowOnOneZone() {
        SimConfig config = SimConfig.defaults(8, 4, 200)
                .withFaults(FaultFamily.parseSet("cloudkit"))
                .withFaultRate(1.0);
        try (CloudKitSimulator sim = CloudKitSimulator.start(config)) {
            for (String zone : List.of(Zones.MESSAGES, Zones.CHATS)) {
                List<String> outcomes = outcomes(sim, zone, 18);
                int run = 0;
                int longest = 0;
                for (String outcome : outcomes) {
                    run = outcome.equals("ok") || outcome.equals("slow") ? 0 : run + 1;
                    longest = Math.max(longest, run);
                }
                assertThat(longest).as(zone + ": " + outcomes).isEqualTo(RandomFaults.MAX_CONSECUTIVE_FAILURES);
            }
        }
    }

    @Test
    void tokensExpireOnlyOnRequestsThatCarryOneAndAtMostOncePerZone() {
        SimConfig config = SimConfig.defaults(8, 4, 200)
                .withFaults(FaultFamily.parseSet("cloudkit"))
                .withFaultRate(1.0);
        try (CloudKitSimulator sim = CloudKitSimulator.start(config)) {
            List<String> withoutToken = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                withoutToken.add(outcome(http.post(
                        sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(Zones.ATTACHMENTS, null, 5))));
            }
            String token = SyncToken.encode(Zones.MESSAGES, 5);
            List<String> withToken = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                withToken.add(outcome(http.post(
                        sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(Zones.MESSAGES, token, 5))));
            }

            assertThat(withoutToken).doesNotContain("CHANGE_TOKEN_EXPIRED");
            assertThat(withToken.stream().filter("CHANGE_TOKEN_EXPIRED"::equals).count())
                    .as(withToken.toString())
                    .isEqualTo(1);
            assertThat(sim.stats().snapshot().faultsByCode()).containsEntry("CHANGE_TOKEN_EXPIRED", 1L);
        }
    }

    @Test
    void aClientThatTriesEachPageThreeTimesGetsEveryRecordDespiteFaults() {
        // A clock that never moves: late records stay hidden in both runs, however long a loaded machine takes.
        SimConfig clean =
                SimConfig.defaults(4, 6, 600).withProfile(SimProfile.FULL).withClock(new ManualClock());
        Set<String> expected;
        try (CloudKitSimulator sim = CloudKitSimulator.start(clean)) {
            expected = new RetryingReader(sim, http).readAll(Zones.MESSAGES);
        }
        try (CloudKitSimulator sim = CloudKitSimulator.start(
                clean.withFaults(FaultFamily.parseSet("cloudkit")).withFaultRate(1.0))) {
            Set<String> read = new RetryingReader(sim, http).readAll(Zones.MESSAGES);

            assertThat(read).isEqualTo(expected);
            assertThat(sim.stats().snapshot().faultsInjected()).isPositive();
        }
    }

    @Test
    void statsCountRequestsPerZoneNonEmptyPagesAndFaultsByCode() {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(1, 4, 40))) {
            List<SimHttp.ZonePage> pages = http.drain(sim.databaseUrl(), Zones.MESSAGES, null, 15);
            http.changes(sim.databaseUrl(), Zones.MESSAGES, pages.getLast().syncToken(), 15);
            sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.THROTTLED, 1);
            http.post(sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(Zones.CHATS, null, null));
            http.post(sim.databaseUrl() + "/records/lookup", SimHttp.lookupRequest(Zones.CHATS, "nope"));

            JsonNode stats = http.get(sim.baseUrl() + "/_sim/stats").json();

            assertThat(pages).hasSize(3);
            assertThat(stats.at("/pagesServed/" + Zones.MESSAGES).asLong()).isEqualTo(3);
            assertThat(stats.at("/pagesServed").has(Zones.CHATS)).isFalse();
            assertThat(stats.get("pages").asLong()).isEqualTo(4);
            assertThat(stats.at("/requestsByZone/" + Zones.MESSAGES).asLong()).isEqualTo(4);
            assertThat(stats.at("/requestsByZone/" + Zones.CHATS).asLong()).isEqualTo(2);
            assertThat(stats.at("/faultsInjected/THROTTLED").asLong()).isEqualTo(1);
            assertThat(stats.get("recoverableZoneAccesses").asLong()).isZero();
        }
    }

    @Test
    void withFaultsOffNothingIsInjectedWhateverTheRate() {
        try (CloudKitSimulator sim =
                CloudKitSimulator.start(SimConfig.defaults(1, 4, 40).withFaultRate(1.0))) {
            assertThat(outcomes(sim, Zones.MESSAGES, 10)).containsOnly("ok");
            assertThat(sim.stats().snapshot().faultsInjected()).isZero();
        }
    }

    // --- helpers ---

    /** Repeats the first-page request {@code n} times and names each answer. */
    private List<String> outcomes(CloudKitSimulator sim, String zone, int n) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            outcomes.add(
                    outcome(http.post(sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(zone, null, 5))));
        }
        return outcomes;
    }

    private List<String> outcomesWithSeed(long seed, String zone, int n) {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(seed, 4, 200)
                .withFaults(FaultFamily.parseSet("cloudkit"))
                .withFaultRate(0.5))) {
            return outcomes(sim, zone, n);
        }
    }

    /** {@code ok}, {@code slow} (not distinguishable here, so also ok), a serverErrorCode, stalled or truncated. */
    static String outcome(SimHttp.Response response) {
        if (response.status() != 200) {
            return response.json().get("serverErrorCode").asText();
        }
        JsonNode body;
        try {
            body = SimHttp.JSON.readTree(new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "truncated";
        }
        JsonNode zone = body.at("/zones/0");
        return zone.get("records").isEmpty() && zone.get("moreComing").asBoolean() ? "stalled" : "ok";
    }

    /**
     * A minimal well-behaved client: each page is tried up to 3 times with the same token; a stalled token counts
     * as a failed try; CHANGE_TOKEN_EXPIRED restarts the zone from no token.
     */
    private record RetryingReader(CloudKitSimulator sim, SimHttp http) {

        Set<String> readAll(String zone) {
            Set<String> live = new LinkedHashSet<>();
            String token = null;
            boolean more = true;
            while (more) {
                JsonNode page = null;
                for (int attempt = 1; page == null; attempt++) {
                    assertThat(attempt).as("attempts for one page").isLessThanOrEqualTo(3);
                    SimHttp.Response response =
                            http.post(sim.databaseUrl() + "/changes/zone", SimHttp.changesRequest(zone, token, 200));
                    String outcome = outcome(response);
                    if (outcome.equals("CHANGE_TOKEN_EXPIRED")) {
                        token = null;
                        live.clear();
                        attempt = 0;
                    } else if (outcome.equals("ok")) {
                        page = response.json().at("/zones/0");
                    }
                }
                for (JsonNode record : page.get("records")) {
                    if (record.path("deleted").asBoolean()) {
                        live.remove(record.get("recordName").asText());
                    } else {
                        live.add(record.get("recordName").asText());
                    }
                }
                token = page.get("syncToken").asText();
                more = page.get("moreComing").asBoolean();
            }
            return live;
        }
    }
}
