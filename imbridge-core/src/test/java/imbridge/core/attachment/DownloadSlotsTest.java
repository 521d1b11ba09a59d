package imbridge.core.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.util.CancelledException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DownloadSlotsTest {

    /** A freed slot goes to the waiter needed soonest, judged when the slot frees, not when it queued. */
    @Test
    void aFreedSlotGoesToTheNearestWaiterAsOfNow() throws Exception {
        DownloadSlots slots = new DownloadSlots(1);
        slots.acquire();
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicLong moving = new AtomicLong(50); // a waiter whose sender moves closer while it waits
        Thread far = waiter(slots, 30, "far", order);
        Thread near = waiter(slots, 10, "near", order);
        Thread mover = Thread.ofVirtual().start(() -> {
            try {
                slots.acquire(moving::get);
                order.add("mover");
                slots.release();
            } catch (CancelledException e) {
                order.add("cancelled");
            }
        });
        while (slots.queued() < 3) {
            Thread.onSpinWait();
        }
        moving.set(5);
        slots.release();
        for (Thread t : List.of(far, near, mover)) {
            t.join(5_000);
        }
        assertThat(order).containsExactly("mover", "near", "far");
        assertThat(slots.peak()).isEqualTo(1);
    }

    @Test
    void closingReleasesWaitersWithoutASlotAndRefusesNewOnes() throws Exception {
        DownloadSlots slots = new DownloadSlots(1);
        slots.acquire();
        List<String> order = new CopyOnWriteArrayList<>();
        Thread waiting = waiter(slots, 1, "got a slot", order);
        while (slots.queued() < 1) {
            Thread.onSpinWait();
        }
        slots.close();
        waiting.join(5_000);
        assertThat(order).containsExactly("cancelled");
        assertThatThrownBy(slots::acquire).isInstanceOf(CancelledException.class);
        slots.release();
        assertThat(slots.awaitDrained(Duration.ofSeconds(1))).isTrue();
    }

    /** A bounded wait gives up at its deadline without a slot and leaves the queue; the holder is unaffected. */
    @Test
    void aBoundedWaitGivesUpAtItsDeadlineWithoutTakingASlot() throws Exception {
        DownloadSlots slots = new DownloadSlots(1);
        slots.acquire();

        boolean taken = slots.acquireBefore(() -> Long.MIN_VALUE, System.nanoTime() + 1_000_000);

        assertThat(taken).isFalse();
        assertThat(slots.queued()).isZero();
        assertThat(slots.inUse()).isEqualTo(1);
        slots.release();
        assertThat(slots.acquireBefore(() -> 0, System.nanoTime())).isTrue(); // a free slot needs no waiting
        assertThat(slots.inUse()).isEqualTo(1);
    }

    private static Thread waiter(DownloadSlots slots, long distance, String name, List<String> order) {
        return Thread.ofVirtual().start(() -> {
            try {
                slots.acquire(() -> distance);
                order.add(name);
                slots.release();
            } catch (CancelledException e) {
                order.add("cancelled");
            }
        });
    }
}
