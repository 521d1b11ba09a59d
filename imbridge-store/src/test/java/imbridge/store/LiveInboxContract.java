package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveInbox;
import imbridge.core.port.LiveInbox.Entry;
import imbridge.core.port.LiveInbox.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LiveInbox} does, whatever holds it: the SQL inbox on each dialect and the in-memory fake the
 * core's tests use ({@link InMemoryLiveInboxContractTest}), so the fake cannot drift from the real one. Restarts and
 * logins are the SQL inbox's own ({@link LiveInboxContractTest}).
 */
interface LiveInboxContract {
    long RECEIVED = 1_700_000_500_000L;
    String A_PORTAL = "tel:+15551234567";
    String B_PORTAL = "gid:0c6a3f5e-1b2d-4c3e-9f40-5a6b7c8d9e0f";

    /** The inbox under test, empty at the start of each test. */
    LiveInbox inbox();

    default LiveEvent live(long seq, boolean stored) {
        String guid = String.format("%08X-0000-4000-8000-%012X", seq * 7919, seq);
        return new LiveEvent(
                seq,
                LiveEvent.Kind.MESSAGE,
                stored,
                guid,
                "iMessage;-;+15551234567",
                "tel:+15551234567",
                false,
                1_700_000_000_000L + seq,
                "live " + seq,
                null,
                "iMessage",
                List.of(),
                null,
                null,
                null,
                null,
                null);
    }

    default List<Long> seqs(List<Entry> entries) {
        return entries.stream().map(e -> e.event().seq()).toList();
    }

    /** Appends a fresh event and returns its entry's ID. */
    default long append(long seq) {
        assertThat(inbox().append(live(seq, false), RECEIVED + seq)).isTrue();
        return inbox().pending(1000).stream()
                .filter(e -> e.event().seq() == seq)
                .findFirst()
                .orElseThrow()
                .id();
    }

    @Test
    default void appendIsIdempotentOnTheEventKeyAndAStoredRedeliveryIsItsOwnEvent() {
        assertThat(inbox().append(live(1, false), RECEIVED)).isTrue();
        assertThat(inbox().append(live(1, false), RECEIVED + 5))
                .as("same key again")
                .isFalse();
        assertThat(inbox().append(live(1, true), RECEIVED + 6))
                .as("the reconnect-window copy")
                .isTrue();
        assertThat(inbox().append(live(1, true), RECEIVED + 7)).isFalse();

        List<Entry> pending = inbox().pending(10);
        assertThat(pending).extracting(e -> e.event().eventKey()).containsExactly("1", "1:stored");
        assertThat(pending.getFirst().receivedMs())
                .as("the first append's receive time")
                .isEqualTo(RECEIVED);
        assertThat(inbox().count(Status.PENDING)).isEqualTo(2);
    }

    @Test
    default void pendingComesInAppendOrderWithTheWholeEvent() {
        for (long seq : new long[] {5, 3, 9, 4}) {
            inbox().append(live(seq, false), RECEIVED + seq);
        }

        assertThat(seqs(inbox().pending(10))).as("append order, not seq order").containsExactly(5L, 3L, 9L, 4L);
        assertThat(seqs(inbox().pending(2))).containsExactly(5L, 3L);
        Entry first = inbox().pending(1).getFirst();
        assertThat(first.event()).isEqualTo(live(5, false));
        assertThat(first.status()).isEqualTo(Status.PENDING);
        assertThat(first.portalId()).isNull();
        assertThat(first.receivedMs()).isEqualTo(RECEIVED + 5);
        assertThatThrownBy(() -> inbox().pending(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void heldEntriesWaitPerPortalInAppendOrderUntilCompleted() {
        long a = append(1);
        long b = append(2);
        long c = append(3);
        long d = append(4);

        inbox().hold(c, A_PORTAL);
        inbox().hold(a, A_PORTAL);
        inbox().hold(b, B_PORTAL);

        assertThat(seqs(inbox().pending(10))).containsExactly(4L);
        assertThat(seqs(inbox().held(A_PORTAL))).containsExactly(1L, 3L);
        assertThat(seqs(inbox().held(B_PORTAL))).containsExactly(2L);
        assertThat(seqs(inbox().held(null))).containsExactly(1L, 2L, 3L);
        assertThat(inbox().held(A_PORTAL)).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(Status.HELD);
            assertThat(e.portalId()).isEqualTo(A_PORTAL);
        });
        assertThat(inbox().held("tel:+19999999999")).isEmpty();

        inbox().complete(a);
        inbox().complete(d);

        assertThat(seqs(inbox().held(A_PORTAL))).containsExactly(3L);
        assertThat(inbox().pending(10)).isEmpty();
        assertThat(inbox().count(Status.DONE)).isEqualTo(2);
        assertThat(inbox().count(Status.HELD)).isEqualTo(2);
    }

    @Test
    default void aVerdictIsFinal() {
        long done = append(1);
        long dropped = append(2);
        inbox().complete(done);
        inbox().drop(dropped, "RECENT_UNSEND");

        inbox().complete(done);
        inbox().drop(done, "STORED_ALREADY_BRIDGED");
        inbox().hold(done, A_PORTAL);
        inbox().complete(dropped);
        inbox().drop(dropped, "UNKNOWN_PORTAL");

        assertThat(inbox().count(Status.DONE)).isEqualTo(1);
        assertThat(inbox().dropCounts()).containsExactly(Map.entry("RECENT_UNSEND", 1L));
        assertThat(inbox().held(null)).isEmpty();
    }

    @Test
    default void badCallsAreRefusedWithAClearError() {
        long id = append(1);

        assertThatThrownBy(() -> inbox().complete(id + 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no live inbox entry " + (id + 1000));
        assertThatThrownBy(() -> inbox().hold(id, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox().drop(id, "stale echo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upper-case code");
        assertThatThrownBy(() -> inbox().drop(id, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox().append(null, 0)).isInstanceOf(NullPointerException.class);
        assertThat(inbox().count(Status.PENDING)).as("nothing changed").isEqualTo(1);
    }

    @Test
    default void forgettingDoneEntriesLeavesEverythingElse() {
        long done = append(1);
        long dropped = append(2);
        long held = append(3);
        append(4);
        inbox().complete(done);
        inbox().drop(dropped, "UNKNOWN_PORTAL");
        inbox().hold(held, A_PORTAL);

        assertThat(inbox().forgetDoneBefore(0)).as("nothing is that old").isZero();
        assertThat(inbox().forgetDoneBefore(Long.MAX_VALUE)).isEqualTo(1);

        assertThat(inbox().count(Status.DONE)).isZero();
        assertThat(inbox().count(Status.DROPPED)).isEqualTo(1);
        assertThat(inbox().count(Status.HELD)).isEqualTo(1);
        assertThat(inbox().count(Status.PENDING)).isEqualTo(1);
        assertThat(inbox().append(live(1, false), RECEIVED))
                .as("a forgotten key is new again")
                .isTrue();
    }
}
