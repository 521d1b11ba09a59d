package imbridge.app.verify;

import imbridge.core.lifecycle.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/** Runs I/O-bound tasks on virtual threads with at most {@code limit} in flight; results keep input order. */
final class BoundedParallel {
    private BoundedParallel() {}

    static <T, R> List<R> map(List<T> inputs, int limit, Function<T, R> task) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        Semaphore slots = new Semaphore(limit);
        try (ExecutorService executor = Threads.taskPerThread("verify")) {
            List<Future<R>> futures = new ArrayList<>(inputs.size());
            for (T input : inputs) {
                Callable<R> call = () -> {
                    slots.acquire();
                    try {
                        return task.apply(input);
                    } finally {
                        slots.release();
                    }
                };
                futures.add(executor.submit(call));
            }
            List<R> results = new ArrayList<>(inputs.size());
            for (Future<R> future : futures) {
                results.add(await(future, futures));
            }
            return results;
        }
    }

    /**
     * Runs {@code task} on each input with at most {@code limit} in flight and hands the results to {@code consumer}
     * in input order, on the calling thread. At most {@code limit} results wait for the consumer, so memory stays
     * bounded however many inputs there are.
     */
    static <T, R> void forEachOrdered(
            List<T> inputs, int limit, Function<T, R> task, java.util.function.Consumer<R> consumer) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        try (ExecutorService executor = Threads.taskPerThread("verify")) {
            java.util.ArrayDeque<Future<R>> window = new java.util.ArrayDeque<>(limit);
            int next = 0;
            while (next < inputs.size() || !window.isEmpty()) {
                while (window.size() < limit && next < inputs.size()) {
                    T input = inputs.get(next++);
                    window.add(executor.submit(() -> task.apply(input)));
                }
                consumer.accept(await(window.poll(), List.copyOf(window)));
            }
        }
    }

    private static <R> R await(Future<R> future, List<? extends Future<?>> all) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted while waiting for parallel tasks", e);
        } catch (ExecutionException e) {
            all.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
