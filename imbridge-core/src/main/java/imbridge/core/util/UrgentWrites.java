package imbridge.core.util;

/**
 * Marks the threads whose database writes a person is waiting for: the live path (receiving, admitting and
 * delivering a message that just arrived). A store with a single writer (SQLite) serves their writes before
 * waiting background writes (sync pages, backfill batches), so a live message waits for at most the write in
 * progress instead of a queue of them.
 */
public final class UrgentWrites {
    private static final ThreadLocal<Boolean> URGENT = ThreadLocal.withInitial(() -> false);

    private UrgentWrites() {}

    /** {@code body}, run with the current thread marked urgent (for a thread's whole life: wrap its loop). */
    public static Runnable of(Runnable body) {
        return () -> {
            URGENT.set(true);
            try {
                body.run();
            } finally {
                URGENT.remove();
            }
        };
    }

    public static boolean currentThreadIsUrgent() {
        return URGENT.get();
    }
}
