package imbridge.core.sync;

import imbridge.core.model.ZonePage;

/** Applies one page and its token in one transaction; returns how many records it skipped on purpose. */
@FunctionalInterface
interface PageIngester<T> {
    long ingest(ZonePage<T> page);
}
