package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The asset fault family over real HTTP: schedules, truth marking, the download bound, generator knobs. */
class AssetFaultsHttpTest {
    private static CloudKitSimulator sim;
    private static final SimHttp http = new SimHttp();

    @BeforeAll
    static void start() {
        sim = CloudKitSimulator.start(SimConfig.defaults(21, 6, 3_000)
                .withBigChat(2_000)
                .withAttachmentRatio(0.4)
                .withFaults(Set.of(FaultFamily.ASSETS))
                .withAssetStall(Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String url(AttachmentRecord a) {
        return sim.baseUrl() + "/assets/" + a.recordName();
    }

    private static List<AttachmentRecord> attachments() {
        return sim.dataset().snapshot().live(Zones.ATTACHMENTS, AttachmentRecord.class);
    }

    @Test
    void theBigChatHasExactlyTheRequestedSizeAndTheRatioIsHonoured() {
        assertThat(sim.dataset().conversations()).anyMatch(c -> c.messageCount() == 2_000);
        // ~40 % of 3,000 messages carry 1–3 attachments each
        assertThat(attachments().size()).isBetween(1_300, 2_400);
    }

    @Test
    void brokenAssetsAlwaysFailAndAreMarkedInTheTruthWithTheirReason() {
        AssetFaults faults = sim.assetFaults();
        List<AttachmentRecord> broken = attachments().stream()
                .filter(a -> faults.brokenReason(a.recordName()) != null)
                .toList();
        assertThat(broken).isNotEmpty();
        AttachmentRecord a = broken.getFirst();
        for (int i = 0; i < 3; i++) {
            SimHttp.Response r = http.get(url(a));
            boolean good = r.status() == 200
                    && AssetBytes.sha256Hex(r.body()).equals(a.sha256())
                    && r.body().length == a.size();
            assertThat(good)
                    .as("attempt %d of broken asset %s", i + 1, faults.brokenReason(a.recordName()))
                    .isFalse();
        }
        JsonNode truth = http.get(sim.baseUrl() + "/_sim/truth").json();
        List<String> marked = new ArrayList<>();
        truth.path("portals")
                .forEach(p -> p.path("parts").forEach(part -> {
                    if (part.has("brokenReason")) {
                        marked.add(part.path("sha256").asText() + "/"
                                + part.path("brokenReason").asText());
                    }
                }));
        assertThat(marked)
                .containsExactlyInAnyOrderElementsOf(broken.stream()
                        .map(b -> b.sha256() + "/" + faults.brokenReason(b.recordName()))
                        .toList());
    }

    /** A transient asset fails at most twice, then serves its exact bytes; stalls outlast a short client wait. */
    @Test
    void transientAssetsSucceedWithinThreeAttempts() {
        AssetFaults faults = sim.assetFaults();
        List<AttachmentRecord> flaky = attachments().stream()
                .filter(a -> !faults.plan(a.recordName()).failures().isEmpty())
                .limit(5)
                .toList();
        assertThat(flaky).isNotEmpty();
        for (AttachmentRecord a : flaky) {
            boolean ok = false;
            for (int i = 0; i < 3 && !ok; i++) {
                SimHttp.Response r = http.get(url(a));
                ok = r.status() == 200 && AssetBytes.sha256Hex(r.body()).equals(a.sha256());
            }
            assertThat(ok)
                    .as(
                            "asset %s with %s",
                            a.recordName(), faults.plan(a.recordName()).failures())
                    .isTrue();
        }
    }

    @Test
    void theDownloadBoundIsTheLargerOfSpreadWorkAndTheLongestChain() {
        JsonNode bound = http.get(sim.baseUrl() + "/_sim/assets/bound?concurrency=32&timeoutMs=200")
                .json();
        long total = bound.path("totalAttemptMs").asLong();
        long longest = bound.path("longestChainMs").asLong();
        assertThat(bound.path("assets").asInt()).isPositive();
        assertThat(bound.path("attempts").asLong())
                .isGreaterThan(bound.path("assets").asLong());
        assertThat(bound.path("boundMs").asLong()).isEqualTo(Math.max((total + 31) / 32, longest));
        // a broken asset is tried 3 times: its chain is at least 3 × the minimum latency
        assertThat(longest).isGreaterThanOrEqualTo(3L * AssetFaults.MIN_LATENCY_MS);
        assertThat(http.get(sim.baseUrl() + "/_sim/assets/bound?concurrency=zero")
                        .status())
                .isEqualTo(400);
    }
}
