package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import imbridge.sim.cloudkit.AttachmentRecord;
import imbridge.sim.cloudkit.Change;
import imbridge.sim.cloudkit.ChatRecord;
import imbridge.sim.cloudkit.CloudKitSimulator;
import imbridge.sim.cloudkit.FaultPlan;
import imbridge.sim.cloudkit.MessageRecord;
import imbridge.sim.cloudkit.ServerErrorCode;
import imbridge.sim.cloudkit.SimConfig;
import imbridge.sim.cloudkit.Zones;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the real CloudKit simulator of {@code imbridge-sim}, over loopback HTTP. */
class CloudKitSimulatorTest {
    private static CloudKitSimulator sim;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sim = CloudKitSimulator.start(SimConfig.defaults(7, 8, 1200));
        http = TestClients.loopbackHttp();
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
        if (http != null) {
            http.close();
        }
    }

    @Test
    void pagesEveryZoneToTheEndWithEveryChangeExactlyOnce() throws Exception {
        CloudKitClient client = client();

        Feed<CloudChat> chats = readAll(client::chatChanges, CloudChat::recordName, null);
        Feed<CloudMessage> messages = readAll(client::messageChanges, CloudMessage::recordName, null);
        Feed<CloudAttachment> attachments = readAll(client::attachmentChanges, CloudAttachment::recordName, null);

        assertMatchesHistory(chats, Zones.CHATS);
        assertMatchesHistory(messages, Zones.MESSAGES);
        assertMatchesHistory(attachments, Zones.ATTACHMENTS);
        assertThat(messages.pages()).as("several pages").isGreaterThan(2);
        for (Feed<?> feed : List.of(chats, messages, attachments)) {
            assertThat(feed.rejects()).isZero();
            assertThat(feed.tokens()).doesNotContainNull().doesNotHaveDuplicates();
        }

        assertThat(chats.live().keySet())
                .containsExactlyInAnyOrderElementsOf(sim.dataset().chats().stream()
                        .map(ChatRecord::recordName)
                        .toList());
        assertThat(messages.live().keySet())
                .containsExactlyInAnyOrderElementsOf(sim.dataset().messages().stream()
                        .map(MessageRecord::recordName)
                        .toList());
        assertThat(attachments.live().keySet())
                .containsExactlyInAnyOrderElementsOf(sim.dataset().attachments().stream()
                        .map(AttachmentRecord::recordName)
                        .toList());
        assertThat(messages.live()).hasSize(sim.dataset().summary().messages());
        assertThat(attachments.live()).hasSize(sim.dataset().summary().attachments());

        sim.dataset()
                .chats()
                .forEach(c -> assertThat(chats.live().get(c.recordName())).isEqualTo(expected(c)));
        sim.dataset()
                .messages()
                .forEach(m -> assertThat(messages.live().get(m.recordName())).isEqualTo(expected(m)));
        sim.dataset()
                .attachments()
                .forEach(a -> assertThat(attachments.live().get(a.recordName())).isEqualTo(expected(a)));
    }

    @Test
    void aZoneAtItsEndAnswersAnEmptyFinalPage() throws Exception {
        CloudKitClient client = client();
        Feed<CloudChat> chats = readAll(client::chatChanges, CloudChat::recordName, null);

        ZonePage<CloudChat> again = client.chatChanges(chats.lastToken());

        assertThat(again.records()).isEmpty();
        assertThat(again.deletedRecordNames()).isEmpty();
        assertThat(again.moreComing()).isFalse();
        assertThat(again.syncToken()).isEqualTo(chats.lastToken());
    }

    @Test
    void resumesFromAMidFeedTokenWithoutLossOrOverlap() throws Exception {
        CloudKitClient first = client();
        List<String> seenRecords = new ArrayList<>();
        List<String> seenDeleted = new ArrayList<>();
        String token = null;
        for (int i = 0; i < 3; i++) {
            ZonePage<CloudMessage> page = first.messageChanges(token);
            assertThat(page.moreComing()).isTrue();
            page.records().forEach(m -> seenRecords.add(m.recordName()));
            seenDeleted.addAll(page.deletedRecordNames());
            token = page.syncToken();
        }

        try (HttpClient otherHttp = HttpClient.newHttpClient()) {
            CloudKitClient resumed = TestClients.pagedClient(sim, otherHttp);
            Feed<CloudMessage> rest = readAll(resumed::messageChanges, CloudMessage::recordName, token);
            seenRecords.addAll(rest.recordNames());
            seenDeleted.addAll(rest.deletedNames());
        }

        assertThat(seenRecords).isEqualTo(historyNames(Zones.MESSAGES, false));
        assertThat(seenDeleted).isEqualTo(historyNames(Zones.MESSAGES, true));
    }

    @Test
    void downloadedAssetsMatchTheirChecksums() throws Exception {
        CloudKitClient client = client();
        List<CloudAttachment> all =
                readAll(client::attachmentChanges, CloudAttachment::recordName, null).live().values().stream()
                        .toList();
        assertThat(all).isNotEmpty();
        List<CloudAttachment> sample = new ArrayList<>(all.subList(0, Math.min(4, all.size())));
        sample.add(all.stream()
                .max(Comparator.comparingLong(CloudAttachment::size))
                .orElseThrow());
        long downloadsBefore = stats().path("assetDownloads").asLong();

        for (CloudAttachment attachment : sample) {
            byte[] bytes = AssetVerifier.download(client, attachment);
            assertThat(bytes).hasSize((int) attachment.size());
        }

        assertThat(stats().path("assetDownloads").asLong() - downloadsBefore).isEqualTo(sample.size());
        CloudAttachment lying = new CloudAttachment(
                sample.getFirst().recordName(),
                sample.getFirst().guid(),
                null,
                null,
                null,
                sample.getFirst().size(),
                "0".repeat(64),
                sample.getFirst().downloadUrl());
        assertThatThrownBy(() -> AssetVerifier.download(client, lying))
                .isInstanceOf(AssetIntegrityException.class)
                .hasMessageContaining("SHA-256 mismatch");
    }

    @Test
    void aStaleDownloadUrlIsReplacedByAFreshOneFromRecordLookup() throws Exception {
        CloudKitClient client = client();
        CloudAttachment real = readAll(client::attachmentChanges, CloudAttachment::recordName, null)
                .live()
                .values()
                .iterator()
                .next();
        // e.g. stored before a restart of the server, which now listens elsewhere
        CloudAttachment stale = new CloudAttachment(
                real.recordName(),
                real.guid(),
                real.mimeType(),
                real.uti(),
                real.filename(),
                real.size(),
                real.checksumSha256(),
                "http://127.0.0.1:9/assets/" + real.recordName());

        byte[] bytes = AssetVerifier.download(client, stale);

        assertThat(bytes).hasSize((int) real.size());
    }

    @Test
    void anUnknownAssetIsAPermanentDownloadError() {
        CloudAttachment ghost = new CloudAttachment(
                "no-such-record",
                "at_x",
                null,
                null,
                null,
                1,
                "0".repeat(64),
                sim.baseUrl() + "/assets/no-such-record");

        assertThatThrownBy(() -> client().openAsset(ghost))
                .isInstanceOfSatisfying(
                        AssetDownloadException.class,
                        e -> assertThat(e.isPermanent()).isTrue());
    }

    @Test
    void serverErrorsCarryCodeStatusAndRetryAfterAndTheSameTokenWorksAfterwards() throws Exception {
        CloudKitClient client = client();
        ZonePage<CloudMessage> firstPage = client.messageChanges(null);
        sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.THROTTLED, 2);
        sim.faults().failNext(FaultPlan.Operation.CHANGES, 1, ServerErrorCode.ZONE_BUSY, null);

        CloudKitRequestException throttled = catchCloud(() -> client.messageChanges(firstPage.syncToken()));
        CloudKitRequestException busy = catchCloud(() -> client.messageChanges(firstPage.syncToken()));
        ZonePage<CloudMessage> second = client.messageChanges(firstPage.syncToken());

        assertThat(throttled.serverErrorCode()).isEqualTo("THROTTLED");
        assertThat(throttled.httpStatus()).isEqualTo(429);
        assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(busy.serverErrorCode()).isEqualTo("ZONE_BUSY");
        assertThat(busy.httpStatus()).isEqualTo(503);
        assertThat(busy.retryAfter()).isEmpty();
        assertThat(busy.isTransient()).isTrue();
        assertThat(second.records()).isNotEmpty();
        assertThat(second.records().getFirst().recordName())
                .as("the failed requests did not move the feed")
                .isEqualTo(historyNames(Zones.MESSAGES, false)
                        .get(firstPage.records().size()));
    }

    @Test
    void aMalformedTokenIsABadRequest() {
        CloudKitRequestException e = catchCloud(() -> client().chatChanges("%%not-a-token%%"));

        assertThat(e.serverErrorCode()).isEqualTo("BAD_REQUEST");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void theApiTokenIsSentToTheDatabaseAndItsAssets() throws Exception {
        try (CloudKitSimulator guarded =
                CloudKitSimulator.start(SimConfig.defaults(3, 2, 200).withApiToken("t0k+/"))) {
            CloudKitConfig config = TestClients.pagedConfig(guarded);
            CloudKitRequestException refused = catchCloud(() -> new CloudKitClient(config, http).chatChanges(null));
            CloudKitClient authorised = new CloudKitClient(config.withApiToken("t0k+/"), http);

            ZonePage<CloudChat> chats = authorised.chatChanges(null);
            ZonePage<CloudAttachment> attachments = authorised.attachmentChanges(null);

            assertThat(refused.serverErrorCode()).isEqualTo("AUTHENTICATION_FAILED");
            assertThat(refused.httpStatus()).isEqualTo(401);
            assertThat(chats.records()).isNotEmpty();
            assertThat(attachments.records()).isNotEmpty();
            for (CloudAttachment attachment : attachments.records()) {
                assertThat(AssetVerifier.download(authorised, attachment)).hasSize((int) attachment.size());
            }
        }
    }

    /** Checks the traffic of every test that ran before it too: the counter is per simulator. */
    @Test
    void theRecoverableDeleteZoneIsNeverRequested() throws Exception {
        CloudKitClient client = client();
        readAll(client::chatChanges, CloudChat::recordName, null);
        readAll(client::messageChanges, CloudMessage::recordName, null);
        readAll(client::attachmentChanges, CloudAttachment::recordName, null);

        JsonNode stats = stats();
        assertThat(stats.path("pages").asLong()).isPositive();
        assertThat(stats.path("recoverableZoneAccesses").asLong()).isZero();
    }

    // --- expected values, computed from the simulator's records by the contract's rules ---

    private static CloudChat expected(ChatRecord c) {
        return SimExpectations.chat(c);
    }

    private static CloudMessage expected(MessageRecord m) {
        return SimExpectations.message(m);
    }

    private static CloudAttachment expected(AttachmentRecord a) {
        return SimExpectations.attachment(a, sim.baseUrl());
    }

    // --- helpers ---

    private static CloudKitClient client() {
        return TestClients.pagedClient(sim, http);
    }

    /** Record names of a zone's change history in change order: the record versions, or the tombstones. */
    private static List<String> historyNames(String zoneName, boolean tombstones) {
        return sim.dataset().zone(zoneName).page(0, Integer.MAX_VALUE).changes().stream()
                .filter(c -> c.deleted() == tombstones)
                .map(Change::recordName)
                .toList();
    }

    /** Every change of the zone arrived exactly once, records in change order, tombstones in change order. */
    private static void assertMatchesHistory(Feed<?> feed, String zoneName) {
        assertThat(feed.recordNames()).isEqualTo(historyNames(zoneName, false));
        assertThat(feed.deletedNames()).isEqualTo(historyNames(zoneName, true));
    }

    private static JsonNode stats() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/stats"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Fixtures.JSON.readTree(response.body());
    }

    private record Feed<T>(
            List<String> recordNames,
            List<String> deletedNames,
            Map<String, T> live,
            List<String> tokens,
            int pages,
            int rejects) {
        String lastToken() {
            return tokens.getLast();
        }
    }

    @FunctionalInterface
    private interface PageCall<T> {
        ZonePage<T> next(String token) throws CloudSourceException;
    }

    /** Pages from {@code token} until moreComing is false, replaying each page into the live state. */
    private static <T> Feed<T> readAll(PageCall<T> call, Function<T, String> name, String token) throws Exception {
        List<String> names = new ArrayList<>();
        List<String> deletedNames = new ArrayList<>();
        Map<String, T> live = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        int pages = 0;
        int rejects = 0;
        boolean more = true;
        while (more) {
            assertThat(pages).as("runaway paging").isLessThan(10_000);
            ZonePage<T> page = call.next(token);
            pages++;
            rejects += page.rejects().size();
            for (T record : page.records()) {
                names.add(name.apply(record));
                live.put(name.apply(record), record);
            }
            for (String deleted : page.deletedRecordNames()) {
                deletedNames.add(deleted);
                live.remove(deleted);
            }
            assertThat(page.syncToken())
                    .as("token after page %d", pages)
                    .isNotNull()
                    .isNotEqualTo(token);
            token = page.syncToken();
            tokens.add(token);
            more = page.moreComing();
        }
        return new Feed<>(names, deletedNames, live, tokens, pages, rejects);
    }

    @FunctionalInterface
    private interface CloudCall {
        void run() throws Exception;
    }

    private static CloudKitRequestException catchCloud(CloudCall call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(CloudKitRequestException.class);
        return (CloudKitRequestException) thrown;
    }
}
