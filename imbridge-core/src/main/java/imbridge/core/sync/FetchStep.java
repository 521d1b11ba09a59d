package imbridge.core.sync;

import imbridge.core.model.ZonePage;

/**
 * What a zone's fetch loop hands its ingester, in order. Only pages and resets change the store; the
 * ingester applies them in the order they were fetched, so the prefetch changes when a page is
 * fetched, never what is committed or in which order.
 */
sealed interface FetchStep<T> {

    /** A page to commit with its token; {@code fetchCpuNanos} is the fetching thread's CPU for it (decode). */
    record Page<T>(ZonePage<T> page, long fetchCpuNanos) implements FetchStep<T> {}

    /** The change token expired: clear the stored token (after the pages before it committed). */
    record Reset<T>() implements FetchStep<T> {}

    /** The last page was handed over: the zone is complete. */
    record Done<T>() implements FetchStep<T> {}

    /** The zone failed (page limit, consecutive failures, repeated expiry); the pass fails with it. */
    record Failed<T>(SyncFailedException error) implements FetchStep<T> {}

    /** The login was cancelled while fetching. */
    record Cancelled<T>() implements FetchStep<T> {}

    /** An unexpected exception in the fetch loop, rethrown on the ingesting thread (never swallowed). */
    record Crashed<T>(RuntimeException error) implements FetchStep<T> {}
}
