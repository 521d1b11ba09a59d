package imbridge.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ThreadsTest {

    @Test
    void workersArePlatformDaemonsAndTasksVirtual() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = Threads.startWorker("test-worker", () -> awaitQuietly(release));
        Thread task = Threads.startTask("test-task", () -> awaitQuietly(release));
        try {
            assertThat(worker.isVirtual()).isFalse();
            assertThat(worker.isDaemon()).isTrue();
            assertThat(worker.getName()).isEqualTo("test-worker");
            assertThat(task.isVirtual()).isTrue();
            assertThat(task.getName()).isEqualTo("test-task");
        } finally {
            release.countDown();
            Threads.awaitEnd(List.of(worker, task), Duration.ofSeconds(10), "test");
        }
        assertThat(worker.isAlive()).isFalse();
        assertThat(task.isAlive()).isFalse();
    }

    @Test
    void executorsNameTheirThreadsAndKeepTheirKind() throws Exception {
        ExecutorService workers = Threads.workerPerTask("zone");
        ExecutorService tasks = Threads.taskPerThread("download");
        try {
            Thread zone = workers.submit(Thread::currentThread).get();
            Thread download = tasks.submit(Thread::currentThread).get();
            assertThat(zone.isVirtual()).isFalse();
            assertThat(zone.isDaemon()).isTrue();
            assertThat(zone.getName()).isEqualTo("zone");
            assertThat(download.isVirtual()).isTrue();
            assertThat(download.getName()).startsWith("download-");
        } finally {
            workers.shutdownNow();
            tasks.shutdownNow();
        }
    }

    @Test
    void aThreadThatEndsWithinTheGraceIsNotInterrupted() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread worker = Threads.startWorker("graceful", () -> interrupted.set(!awaitQuietly(release)));
        release.countDown();

        Threads.awaitEnd(List.of(worker), Duration.ofMinutes(1), "test");

        assertThat(worker.isAlive()).isFalse();
        assertThat(interrupted).isFalse();
    }

    @Test
    void aThreadStillBusyAfterTheGraceIsInterruptedAndWaitedFor() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread stuck = Threads.startWorker("stuck", () -> interrupted.set(!awaitQuietly(never)));

        Threads.awaitEnd(List.of(stuck), Duration.ZERO, "test");

        assertThat(stuck.isAlive())
                .as("awaitEnd returns only once the thread ended")
                .isFalse();
        assertThat(interrupted).isTrue();
    }

    /** True when the latch opened, false when the wait was interrupted. */
    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
