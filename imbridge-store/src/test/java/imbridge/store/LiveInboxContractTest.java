package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.port.LiveInbox;
import imbridge.core.port.LiveInbox.Entry;
import imbridge.core.port.LiveInbox.Status;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The durable live inbox (table {@code live_inbox} of V7) on each dialect: the {@link LiveInboxContract} every inbox
 * keeps, plus what only a database gives: entries and verdicts survive a restart, and logins have separate inboxes.
 */
abstract class LiveInboxContractTest extends StoreTestBase implements LiveInboxContract {

    LiveInbox inbox;

    @Override
    public LiveInbox inbox() {
        return inbox;
    }

    @BeforeEach
    void openInbox() {
        inbox = db.liveInbox(LOGIN);
    }

    private void reopen() {
        db.close();
        db = Database.open(config, new TickingClock(1_800_000_000_000L));
        inbox = db.liveInbox(LOGIN);
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

        assertThat(inbox.dropCounts())
                .containsExactly(Map.entry("KNOWN_UUID_DELETED_PORTAL", 1L), Map.entry("STORED_ALREADY_BRIDGED", 2L));
        assertThat(inbox.dropped(10))
                .extracting(d -> d.event().seq(), LiveInbox.Dropped::reason)
                .containsExactly(
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
    void loginsHaveSeparateInboxes() {
        long id = append(1);
        LiveInbox other = db.liveInbox(OTHER_LOGIN);

        assertThat(other.append(live(1, false), RECEIVED))
                .as("same key, other login")
                .isTrue();
        assertThat(other.pending(10)).hasSize(1);
        assertThatThrownBy(() -> other.complete(id)).isInstanceOf(IllegalArgumentException.class);

        other.drop(other.pending(1).getFirst().id(), "UNKNOWN_PORTAL");

        assertThat(inbox.dropCounts()).isEmpty();
        assertThat(inbox.count(Status.PENDING)).isEqualTo(1);
    }
}
