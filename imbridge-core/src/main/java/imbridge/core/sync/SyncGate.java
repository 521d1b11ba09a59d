package imbridge.core.sync;

import java.util.concurrent.CountDownLatch;

/**
 * Closed until the first successful sync pass (behaviour.md T2, F12); the live path creates no portal before
 * it opens. Never opened by a failed pass; once open it stays open for the process.
 */
public final class SyncGate {
    private final CountDownLatch opened = new CountDownLatch(1);

    public void open() {
        opened.countDown();
    }

    public boolean isOpen() {
        return opened.getCount() == 0;
    }
}
