package imbridge.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LongPoleFirstTest {

    /** The portal with the most parts left gets its look-ahead first; others come after its lead. */
    @Test
    void theLongPolesLookAheadGoesBeforeOtherPortalsNextAttachmentUpToTheLead() {
        LongPoleFirst priority = new LongPoleFirst(1_000, 0);
        AtomicLong big = new AtomicLong();
        AtomicLong small = new AtomicLong();
        priority.started("big", 27_000, big);
        priority.started("small", 2_000, small);

        assertThat(priority.isLongPole("big")).isTrue();
        assertThat(priority.isLongPole("small")).isFalse();
        assertThat(priority.key("big", 900)).isLessThan(priority.key("small", 0)); // within the lead: long pole
        assertThat(priority.key("small", 0)).isLessThan(priority.key("big", 1_100)); // beyond it: nearness
        assertThat(priority.key("big", 10)).isLessThan(priority.key("big", 20)); // nearest first within a portal
    }

    /** Keys follow the senders: what the long pole is, and how far ahead a part is, are judged when asked. */
    @Test
    void keysFollowTheSendersAndTheLongPoleChangesAsWorkIsDone() {
        LongPoleFirst priority = new LongPoleFirst(100, 0);
        AtomicLong a = new AtomicLong();
        AtomicLong b = new AtomicLong();
        priority.started("a", 5_000, a);
        priority.started("b", 4_000, b);
        long before = priority.key("a", 3_000);

        a.set(2_000); // a's sender moved on: 3,000 parts left against b's 4,000
        assertThat(priority.key("a", 3_000)).isLessThan(before);
        assertThat(priority.isLongPole("b")).isTrue();
        assertThat(priority.isLongPole("a")).isFalse();
        assertThat(priority.key("a", 2_000)).isEqualTo(100); // needed next, but behind b's lead

        priority.ended("b");
        assertThat(priority.isLongPole("a")).isTrue();
        assertThat(priority.key("a", 2_000)).isZero();
    }

    /** A portal with little work left (a live message) ranks with the long pole instead of behind its lead. */
    @Test
    void aPortalWithLittleWorkLeftRanksWithTheLongPole() {
        LongPoleFirst priority = new LongPoleFirst(10_000, 100);
        AtomicLong big = new AtomicLong();
        AtomicLong live = new AtomicLong();
        AtomicLong medium = new AtomicLong();
        priority.started("big", 27_000, big);
        priority.started("live", 3, live);
        priority.started("medium", 2_000, medium);

        assertThat(priority.key("live", 1)).isEqualTo(1).isLessThan(priority.key("big", 50));
        assertThat(priority.key("medium", 0)).isGreaterThan(priority.key("big", 9_000));

        medium.set(1_950); // its last 50 parts: small now
        assertThat(priority.key("medium", 1_950)).isZero();
    }

    /** Planned parts are known work: a low estimate never makes a portal look shorter than what it has read. */
    @Test
    void plannedPartsCountAsWorkLeftEvenWhenTheEstimateIsLower() {
        LongPoleFirst priority = new LongPoleFirst(0, 0);
        AtomicLong a = new AtomicLong();
        AtomicLong b = new AtomicLong();
        priority.started("a", 0, a);
        priority.started("b", 500, b);
        assertThat(priority.isLongPole("b")).isTrue();

        priority.planned("a", 10_000);

        assertThat(priority.isLongPole("a")).isTrue();
        assertThat(priority.isLongPole("b")).isFalse();
        assertThat(priority.isLongPole("unknown")).isFalse();
    }
}
