package imbridge.store;

import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveInbox;
import imbridge.core.port.LiveInbox.Entry;
import imbridge.core.port.LiveInbox.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The durable live inbox (issue 6, table {@code live_inbox} of V7). Every dialect runs exactly these. */
abstract class LiveInboxContractTest extends StoreTestBase {

    private static final long RECEIVED = 1_700_000_500_000L;

    LiveInbox inbox;

    @BeforeEach
    void openInbox() {
        inbox = db.liveInbox(LOGIN);
    }

    static LiveEvent live(long seq, boolean stored) {
        String guid = String.format("%08X-0000-4000-8000-%012X", seq * 7919, seq);
        return new LiveEvent(seq, LiveEvent.Kind.MESSAGE, stored, guid, "iMessage;-;+15551234567",
                "tel:+15551234567", false, 1_700_000_000_000L + seq, "live " + seq, null, "iMessage", List.of(), null,
                null, null, null, null);
    }

    private List<Long> seqs(List<Entry> entries) {
        return entries.stream().map(e -> e.event().seq()).toList();
    }

    private long append(long seq) {
        assertThat(inbox.append(live(seq, false), RECEIVED + seq)).isTrue();
        return inbox.pending(1000).stream().filter(e -> e.event().seq() == seq).findFirst().orElseThrow().id();
    }

    private void reopen() {
        db.close();
        db = Database.open(config, new TickingClock(1_800_000_000_000L));
        inbox = db.liveInbox(LOGIN);
    }

    @Test
    void appendIsIdempotentOnTheEventKeyAndAStoredRedeliveryIsItsOwnEvent() {
        assertThat(inbox.append(live(1, false), RECEIVED)).isTrue();
        assertThat(inbox.append(live(1, false), RECEIVED + 5)).as("same key again").isFalse();
        assertThat(inbox.append(live(1, true), RECEIVED + 6)).as("the reconnect-window copy").isTrue();
        assertThat(inbox.append(live(1, true), RECEIVED + 7)).isFalse();

        List<Entry> pending = inbox.pending(10);
        assertThat(pending).extracting(e -> e.event().eventKey()).containsExactly("1", "1:stored");
        assertThat(pending.getFirst().receivedMs()).as("the first append's receive time").isEqualTo(RECEIVED);
        assertThat(inbox.count(Status.PENDING)).isEqualTo(2);
    }

    @Test
    void aKeyStaysKnownAfterItsEntryIsDoneOrDroppedAndAcrossARestart() {
        long done = append(1);
        long dropped = append(2);
        inbox.complete(done);
        inbox.drop(dropped, "RECENT_UNSEND");

        reopen();

        assertThat(inbox.append(live(1, false), RECEIVED)).isFalse();
        assertThat(inbox.append(live(2, false), RECEIVED)).isFalse();
        assertThat(inbox.pending(10)).isEmpty();
    }

    @Test
    void pendingComesInAppendOrderWithTheWholeEvent() {
        for (long seq : new long[] {5, 3, 9, 4}) {
            inbox.append(live(seq, false), RECEIVED + seq);
        }

        assertThat(seqs(inbox.pending(10))).as("append order, not seq order").containsExactly(5L, 3L, 9L, 4L);
        assertThat(seqs(inbox.pending(2))).containsExactly(5L, 3L);
        Entry first = inbox.pending(1).getFirst();
        assertThat(first.event()).isEqualTo(live(5, false));
        assertThat(first.status()).isEqualTo(Status.PENDING);
        assertThat(first.portalId()).isNull();
        assertThat(first.receivedMs()).isEqualTo(RECEIVED + 5);
        assertThatThrownBy(() -> inbox.pending(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heldEntriesWaitPerPortalInAppendOrderUntilCompleted() {
        long a = append(1);
        long b = append(2);
        long c = append(3);
        long d = append(4);

        inbox.hold(c, DM);
        inbox.hold(a, DM);
        inbox.hold(b, GROUP);

        assertThat(seqs(inbox.pending(10))).containsExactly(4L);
        assertThat(seqs(inbox.held(DM))).containsExactly(1L, 3L);
        assertThat(seqs(inbox.held(GROUP))).containsExactly(2L);
        assertThat(seqs(inbox.held(null))).containsExactly(1L, 2L, 3L);
        assertThat(inbox.held(DM)).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(Status.HELD);
            assertThat(e.portalId()).isEqualTo(DM);
        });
        assertThat(inbox.held("tel:+19999999999")).isEmpty();

        inbox.complete(a);
        inbox.complete(d);

        assertThat(seqs(inbox.held(DM))).containsExactly(3L);
        assertThat(inbox.pending(10)).isEmpty();
        assertThat(inbox.count(Status.DONE)).isEqualTo(2);
        assertThat(inbox.count(Status.HELD)).isEqualTo(2);
    }

    @Test
    void heldEntriesSurviveARestart() {
        long a = append(1);
        inbox.hold(a, DM);

        reopen();

        assertThat(inbox.held(DM)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(a);
            assertThat(e.event()).isEqualTo(live(1, false));
        });
    }

    @Test
    void dropsAreCountedByReasonAcrossARestartAndEveryStatusIsCounted() {
        long[] ids = new long[7];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = append(i + 1);
        }
        inbox.drop(ids[0], "STORED_ALREADY_BRIDGED");
        inbox.hold(ids[1], DM);
        inbox.drop(ids[1], "KNOWN_UUID_DELETED_PORTAL");
        inbox.drop(ids[2], "STORED_ALREADY_BRIDGED");
        inbox.hold(ids[3], DM);
        inbox.hold(ids[4], GROUP);
        inbox.complete(ids[4]);

        reopen();

        assertThat(inbox.dropCounts()).containsExactly(
                Map.entry("KNOWN_UUID_DELETED_PORTAL", 1L), Map.entry("STORED_ALREADY_BRIDGED", 2L));
        assertThat(inbox.dropped(10)).extracting(d -> d.event().seq(), LiveInbox.Dropped::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "STORED_ALREADY_BRIDGED"),
                org.assertj.core.groups.Tuple.tuple(2L, "KNOWN_UUID_DELETED_PORTAL"),
                org.assertj.core.groups.Tuple.tuple(3L, "STORED_ALREADY_BRIDGED"));
        assertThat(inbox.dropped(1)).extracting(d -> d.event().seq()).containsExactly(1L);
        assertThat(inbox.dropped(0)).isEmpty();
        assertThat(inbox.count(Status.PENDING)).isEqualTo(2);
        assertThat(inbox.count(Status.HELD)).isEqualTo(1);
        assertThat(inbox.count(Status.DONE)).isEqualTo(1);
        assertThat(inbox.count(Status.DROPPED)).isEqualTo(3);
        assertThat(inbox.held(null)).extracting(Entry::id).containsExactly(ids[3]);
    }

    @Test
    void aVerdictIsFinal() {
        long done = append(1);
        long dropped = append(2);
        inbox.complete(done);
        inbox.drop(dropped, "RECENT_UNSEND");

        inbox.complete(done);
        inbox.drop(done, "STORED_ALREADY_BRIDGED");
        inbox.hold(done, DM);
        inbox.complete(dropped);
        inbox.drop(dropped, "UNKNOWN_PORTAL");

        assertThat(inbox.count(Status.DONE)).isEqualTo(1);
        assertThat(inbox.dropCounts()).containsExactly(Map.entry("RECENT_UNSEND", 1L));
        assertThat(inbox.held(null)).isEmpty();
    }

    @Test
    void badCallsAreRefusedWithAClearError() {
        long id = append(1);

        assertThatThrownBy(() -> inbox.complete(id + 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no live inbox entry " + (id + 1000));
        assertThatThrownBy(() -> inbox.hold(id, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox.drop(id, "stale echo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upper-case code");
        assertThatThrownBy(() -> inbox.drop(id, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox.append(null, 0)).isInstanceOf(NullPointerException.class);
        assertThat(inbox.count(Status.PENDING)).as("nothing changed").isEqualTo(1);
    }

    @Test
    void forgettingDoneEntriesLeavesEverythingElse() {
        long done = append(1);
        long dropped = append(2);
        long held = append(3);
        append(4);
        inbox.complete(done);
        inbox.drop(dropped, "UNKNOWN_PORTAL");
        inbox.hold(held, DM);

        assertThat(inbox.forgetDoneBefore(0)).as("nothing is that old").isZero();
        assertThat(inbox.forgetDoneBefore(Long.MAX_VALUE)).isEqualTo(1);

        assertThat(inbox.count(Status.DONE)).isZero();
        assertThat(inbox.count(Status.DROPPED)).isEqualTo(1);
        assertThat(inbox.count(Status.HELD)).isEqualTo(1);
        assertThat(inbox.count(Status.PENDING)).isEqualTo(1);
        assertThat(inbox.append(live(1, false), RECEIVED)).as("a forgotten key is new again").isTrue();
    }

    @Test
    void loginsHaveSeparateInboxes() {
        long id = append(1);
        LiveInbox other = db.liveInbox(OTHER_LOGIN);

        assertThat(other.append(live(1, false), RECEIVED)).as("same key, other login").isTrue();
        assertThat(other.pending(10)).hasSize(1);
        assertThatThrownBy(() -> other.complete(id)).isInstanceOf(IllegalArgumentException.class);

        other.drop(other.pending(1).getFirst().id(), "UNKNOWN_PORTAL");

        assertThat(inbox.dropCounts()).isEmpty();
        assertThat(inbox.count(Status.PENDING)).isEqualTo(1);
    }
}
