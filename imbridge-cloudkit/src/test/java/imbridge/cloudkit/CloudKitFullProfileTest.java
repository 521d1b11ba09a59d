package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.RecordReject;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceErrors;
import imbridge.core.port.CloudSourceException;
import imbridge.core.testing.ManualClock;
import imbridge.sim.cloudkit.CloudKitSimulator;
import imbridge.sim.cloudkit.FaultFamily;
import imbridge.sim.cloudkit.SimConfig;
import imbridge.sim.cloudkit.SimProfile;
import imbridge.sim.cloudkit.Truth;
import imbridge.sim.cloudkit.Zones;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the simulator's {@code full} profile (wire-contracts.md §1 "Full record model"): every record
 * either decodes to exactly what the contract says or is quarantined with the simulator's reason, late records
 * arrive on the next read from the saved tokens, and injected faults surface only as
 * {@link CloudSourceException}s or stalled pages, never as anything thrown past the client.
 */
class CloudKitFullProfileTest {
    private static final long SEED = 11;
    private static final Duration LATE = Duration.ofMinutes(5);

    private static HttpClient http;

    @BeforeAll
    static void start() {
        http = TestClients.loopbackHttp();
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void everyRecordDecodesOrIsQuarantinedWithTheSimulatorsReason() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        SimConfig config = SimConfig.defaults(SEED, 8, 1_200)
                .withProfile(SimProfile.FULL)
                .withLateAfter(LATE)
                .withClock(clock);
        try (CloudKitSimulator sim = CloudKitSimulator.start(config)) {
            Account account = new Account(client(sim));
            account.readToTheEnd(0);
            assertThat(sim.dataset().pendingLateChanges())
                    .as("late records are still to come")
                    .isPositive();
            Set<String> beforeLate = new TreeSet<>(account.messages.live.keySet());
            assertThat(beforeLate)
                    .doesNotContainAnyElementsOf(account.messages.deleted)
                    .as("nothing deleted yet is live");

            clock.advance(LATE.plusSeconds(1));
            account.readToTheEnd(0);

            assertThat(sim.dataset().pendingLateChanges()).isZero();
            assertThat(account.messages.live.keySet())
                    .as("late messages arrived from the saved token")
                    .hasSizeGreaterThan(beforeLate.size());
            assertMatchesTheSimulator(account, sim);
            assertThat(account.messages.live.values())
                    .as("the full profile's variety reached the model")
                    .anyMatch(m -> m.extras().isTapback())
                    .anyMatch(m -> m.extras().replyToGuid() != null)
                    .anyMatch(m -> m.extras().unsent())
                    .anyMatch(m -> m.extras().editedAtMs() > 0)
                    .anyMatch(CloudMessage::isSystemOrService);
            assertThat(account.chats.live.values()).anyMatch(CloudChat::filtered);
            assertThat(account.messages.deleted).as("message tombstones").isNotEmpty();
            assertThat(account.chats.deleted).as("chat tombstones").isNotEmpty();
        }
    }

    @Test
    void injectedFaultsAreCloudSourceExceptionsOrStalledPagesAndTheFeedSurvivesThem() throws Exception {
        SimConfig config = SimConfig.defaults(SEED, 8, 1_200)
                .withProfile(SimProfile.FULL)
                .withLateAfter(Duration.ZERO)
                .withFaults(Set.of(FaultFamily.CLOUDKIT))
                .withFaultRate(0.3);
        try (CloudKitSimulator sim = CloudKitSimulator.start(config)) {
            Account account = new Account(client(sim));

            account.readToTheEnd(3);

            assertMatchesTheSimulator(account, sim);
            assertThat(account.failures.keySet())
                    .as("fault kinds seen: %s", account.failures)
                    .hasSizeGreaterThanOrEqualTo(3);
            assertThat(account.failures.keySet())
                    .as("only CloudKit's codes and the client's own")
                    .allMatch(code -> Set.of(
                                    "INTERNAL_ERROR",
                                    "TRY_AGAIN_LATER",
                                    "THROTTLED",
                                    "ZONE_BUSY",
                                    CloudSourceErrors.CHANGE_TOKEN_EXPIRED,
                                    CloudKitErrors.BAD_RESPONSE,
                                    STALLED)
                            .contains(code));
        }
    }

    private static void assertMatchesTheSimulator(Account account, CloudKitSimulator sim) {
        Truth truth = sim.truth();
        assertThat(account.rejects())
                .as("quarantined records and reasons")
                .containsExactlyInAnyOrderElementsOf(truth.rejectedRecords().stream()
                        .map(r -> r.zone() + " " + r.recordName() + " " + r.reason())
                        .toList());
        assertThat(truth.rejectedRecords())
                .as("the profile plants malformed records")
                .isNotEmpty();

        Map<String, CloudChat> chats = expected(sim.dataset().chats(), SimExpectations::chat, CloudChat::recordName);
        Map<String, CloudMessage> messages =
                expected(sim.dataset().messages(), SimExpectations::message, CloudMessage::recordName);
        Map<String, CloudAttachment> attachments = expected(
                sim.dataset().attachments(),
                a -> SimExpectations.attachment(a, sim.baseUrl()),
                CloudAttachment::recordName);
        assertThat(account.chats.live).isEqualTo(chats);
        assertThat(account.messages.live).isEqualTo(messages);
        assertThat(account.attachments.live).isEqualTo(attachments);
    }

    private static <R, T> Map<String, T> expected(List<R> records, Function<R, T> decode, Function<T, String> name) {
        Map<String, T> byName = new LinkedHashMap<>();
        records.forEach(r -> {
            T value = decode.apply(r);
            byName.put(name.apply(value), value);
        });
        return byName;
    }

    private static CloudKitClient client(CloudKitSimulator sim) {
        return TestClients.pagedClient(sim, http);
    }

    private static final String STALLED = "STALLED_TOKEN";

    @FunctionalInterface
    private interface PageCall<T> {
        ZonePage<T> next(String token) throws CloudSourceException;
    }

    /** The three zones as a bridge would hold them: live records by name, tombstones, quarantined records. */
    private static final class Account {
        final Feed<CloudChat> chats;
        final Feed<CloudMessage> messages;
        final Feed<CloudAttachment> attachments;
        final Map<String, Integer> failures = new LinkedHashMap<>();

        Account(CloudKitClient client) {
            chats = new Feed<>(Zones.CHATS, client::chatChanges, CloudChat::recordName, failures);
            messages = new Feed<>(Zones.MESSAGES, client::messageChanges, CloudMessage::recordName, failures);
            attachments =
                    new Feed<>(Zones.ATTACHMENTS, client::attachmentChanges, CloudAttachment::recordName, failures);
        }

        /** Pages every zone from its saved token to the end; {@code attemptsPerPage} > 0 tolerates that many failures in a row. */
        void readToTheEnd(int attemptsPerPage) throws CloudSourceException {
            for (Feed<?> feed : List.of(chats, attachments, messages)) {
                feed.readToTheEnd(attemptsPerPage);
            }
        }

        List<String> rejects() {
            List<String> all = new ArrayList<>();
            for (Feed<?> feed : List.of(chats, messages, attachments)) {
                feed.rejects
                        .values()
                        .forEach(r -> all.add(r.zone().zoneName() + " " + r.recordName() + " " + r.reason()));
            }
            return all;
        }
    }

    private static final class Feed<T> {
        final String zoneName;
        final PageCall<T> call;
        final Function<T, String> name;
        final Map<String, Integer> failures;
        final Map<String, T> live = new LinkedHashMap<>();
        final Set<String> deleted = new TreeSet<>();
        final Map<String, RecordReject> rejects = new LinkedHashMap<>();
        String token;

        Feed(String zoneName, PageCall<T> call, Function<T, String> name, Map<String, Integer> failures) {
            this.zoneName = zoneName;
            this.call = call;
            this.name = name;
            this.failures = failures;
        }

        /**
         * What the engine does, reduced to its core: retry a failed or stalled page with the same token, re-pull
         * the zone from the beginning when the token expired (replaying is harmless for a map of live records).
         */
        void readToTheEnd(int attemptsPerPage) throws CloudSourceException {
            int failuresInARow = 0;
            for (int requests = 0; ; requests++) {
                assertThat(requests).as("%s: runaway paging", zoneName).isLessThan(1_000);
                ZonePage<T> page;
                try {
                    page = call.next(token);
                } catch (CloudSourceException e) {
                    failures.merge(e.serverErrorCode(), 1, Integer::sum);
                    if (++failuresInARow > attemptsPerPage) {
                        throw e;
                    }
                    if (CloudSourceErrors.CHANGE_TOKEN_EXPIRED.equals(e.serverErrorCode())) {
                        token = null;
                    }
                    continue;
                }
                boolean stalled = page.moreComing()
                        && page.records().isEmpty()
                        && page.deletedRecordNames().isEmpty()
                        && page.rejects().isEmpty()
                        && token != null
                        && token.equals(page.syncToken());
                if (stalled) {
                    failures.merge(STALLED, 1, Integer::sum);
                    assertThat(++failuresInARow)
                            .as("%s: stalled too often", zoneName)
                            .isLessThanOrEqualTo(Math.max(attemptsPerPage, 1));
                    continue;
                }
                failuresInARow = 0;
                page.records().forEach(r -> {
                    live.put(name.apply(r), r);
                    deleted.remove(name.apply(r));
                });
                page.deletedRecordNames().forEach(n -> {
                    live.remove(n);
                    deleted.add(n);
                });
                page.rejects().forEach(r -> rejects.put(r.recordName(), r));
                assertThat(page.syncToken())
                        .as("%s: every page carries a token", zoneName)
                        .isNotNull();
                token = page.syncToken();
                if (!page.moreComing()) {
                    return;
                }
            }
        }
    }

    /** The simulator's late-arrival clock, advanced by hand. */
}
