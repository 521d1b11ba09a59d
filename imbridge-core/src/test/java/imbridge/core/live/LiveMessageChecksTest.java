package imbridge.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.model.LiveEvent;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.model.SentPart;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * behaviour.md §7.3 with the §11.3 corrections, in order; W13 (known UUID in a live portal passes), §7.4 case rules.
 */
class LiveMessageChecksTest {
    private static final long STARTUP = 1_800_000_000_000L;
    private static final String DM = "tel:+15551230001";
    private static final String LOWER = "0c5e7f1a-0000-4000-8000-000000000001";
    private static final String UPPER = LOWER.toUpperCase();

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(STARTUP + 60_000), ZoneOffset.UTC);
    private final InMemoryCloudStore cloud = new InMemoryCloudStore();
    private final InMemoryBridgeStore bridge = new InMemoryBridgeStore();
    private final RecentUnsends unsends = new RecentUnsends(clock);
    private final RecentlyDeletedPortals deleted = new RecentlyDeletedPortals(clock, Duration.ofHours(24));
    private final LiveMessageChecks checks = new LiveMessageChecks(
            unsends, cloud, bridge, new PortalIdResolver(List.of("tel:+15550000001")), deleted, STARTUP);

    private static LiveEvent message(String guid, long ts, boolean stored) {
        return new LiveEvent(
                1,
                LiveEvent.Kind.MESSAGE,
                stored,
                guid,
                "iMessage;-;+15551230001",
                DM,
                false,
                ts,
                "hi",
                null,
                "iMessage",
                List.of(),
                null,
                null,
                null,
                List.of(),
                null);
    }

    private void cached(String guid, boolean isDeleted) {
        cloud.ingestMessagePage(
                List.of(new MessageRow(
                        guid,
                        "rec-" + guid,
                        "iMessage;-;+15551230001",
                        DM,
                        STARTUP - 1000,
                        DM,
                        false,
                        "old",
                        null,
                        "iMessage",
                        List.of(),
                        true,
                        isDeleted)),
                List.of(),
                List.of(),
                null);
    }

    private void bridged(String guid) {
        bridge.recordSentParts(List.of(new SentPart(DM, PartKey.text(guid), guid, "!room", "$ev", STARTUP - 1000)));
    }

    @Test
    void aMessageUnsentMinutesAgoIsDropped() {
        unsends.record(LOWER);
        assertThat(checks.check(message(UPPER, STARTUP + 1, false)))
                .isEqualTo(new LiveDecision.Drop(LiveDropReason.RECENT_UNSEND, "", "unsent less than 5 min ago"));
    }

    @Test
    void aStoredRedeliveryOfABridgedMessageIsDroppedWhateverItsCase() {
        bridged(LOWER);
        assertThat(checks.check(message(UPPER, STARTUP + 1, true)))
                .isInstanceOfSatisfying(
                        LiveDecision.Drop.class,
                        d -> assertThat(d.reason()).isEqualTo(LiveDropReason.STORED_ALREADY_BRIDGED));
    }

    @Test
    void aKnownUuidInALivePortalPassesAndIsDeduplicatedLater() { // behaviour.md W13: never dropped as an "echo"
        cached(LOWER, false);
        bridged(LOWER);
        assertThat(checks.check(message(UPPER, STARTUP + 1, false))).isEqualTo(new LiveDecision.Admit(DM, false));
    }

    @Test
    void aMessageWithoutAResolvablePortalIsDropped() {
        LiveEvent noSender = new LiveEvent(
                1,
                LiveEvent.Kind.MESSAGE,
                false,
                UPPER,
                "",
                "",
                false,
                STARTUP + 1,
                "x",
                null,
                null,
                List.of(),
                null,
                null,
                null,
                List.of(),
                null);
        assertThat(checks.check(noSender))
                .isInstanceOfSatisfying(
                        LiveDecision.Drop.class, d -> assertThat(d.reason()).isEqualTo(LiveDropReason.UNKNOWN_PORTAL));
    }

    @Test
    void deletedPortalKnownUuidIsAMidDeletionEcho() {
        cached(LOWER, true);
        deleted.mark(DM, true);
        assertThat(checks.check(message(UPPER, STARTUP + 5, false)))
                .isInstanceOfSatisfying(
                        LiveDecision.Drop.class,
                        d -> assertThat(d.reason()).isEqualTo(LiveDropReason.KNOWN_UUID_DELETED_PORTAL));
    }

    @Test
    void deletedPortalMessageFromBeforeStartupIsAStaleEcho() {
        deleted.mark(DM, true);
        assertThat(checks.check(message(UPPER, STARTUP - 1, false)))
                .isInstanceOfSatisfying(
                        LiveDecision.Drop.class,
                        d -> assertThat(d.reason()).isEqualTo(LiveDropReason.STALE_ECHO_DELETED_PORTAL));
    }

    @Test
    void deletedPortalNewMessageAfterStartupRevivesTheConversation() {
        deleted.mark(DM, true);
        assertThat(checks.check(message(UPPER, STARTUP + 1, false))).isEqualTo(new LiveDecision.Admit(DM, true));
    }

    @Test
    void deletedPortalWhoseRoomStillExistsRoutesThereWithoutRevival() {
        deleted.mark(DM, false);
        bridge.savePortal(new Portal(DM, PortalKind.DM, null, List.of(DM), "!still-there"));
        assertThat(checks.check(message(UPPER, STARTUP - 1, false))).isEqualTo(new LiveDecision.Admit(DM, false));
    }

    @Test
    void aKnownMessageKeepsItsCachedPortal() {
        cached(LOWER, false);
        LiveEvent elsewhere = new LiveEvent(
                1,
                LiveEvent.Kind.MESSAGE,
                false,
                UPPER,
                "",
                "",
                false,
                STARTUP + 1,
                "x",
                null,
                null,
                List.of(),
                null,
                null,
                null,
                List.of(),
                null);
        assertThat(checks.check(elsewhere)).isEqualTo(new LiveDecision.Admit(DM, false));
    }

    @Test
    void afterARevivalEchoesOlderThanTheDeletionAreStillStale() {
        bridge.markPortalDeleted(DM, STARTUP - 10_000);
        deleted.mark(DM, true);
        assertThat(checks.check(message(UPPER, STARTUP + 1, false))).isEqualTo(new LiveDecision.Admit(DM, true));
        deleted.clear(DM);
        bridge.clearPortalDeleted(DM); // what the processor does on revival

        assertThat(checks.check(message("0c5e7f1a-0000-4000-8000-000000000002", STARTUP - 20_000, false)))
                .isInstanceOfSatisfying(
                        LiveDecision.Drop.class,
                        d -> assertThat(d.reason()).isEqualTo(LiveDropReason.STALE_ECHO_DELETED_PORTAL));
        assertThat(checks.check(message("0c5e7f1a-0000-4000-8000-000000000003", STARTUP + 2, false)))
                .isEqualTo(new LiveDecision.Admit(DM, false));
    }

    @Test
    void myOwnMessagesFromAnotherDevicePass() { // behaviour.md F3: never blocked for being from me
        LiveEvent fromMe = new LiveEvent(
                1,
                LiveEvent.Kind.MESSAGE,
                false,
                UPPER,
                "iMessage;-;+15551230001",
                "tel:+15550000001",
                true,
                STARTUP + 1,
                "sent from my iPad",
                null,
                "iMessage",
                List.of(),
                null,
                null,
                null,
                List.of(),
                null);
        assertThat(checks.check(fromMe)).isEqualTo(new LiveDecision.Admit(DM, false));
    }
}
