package imbridge.store;

import imbridge.core.port.LiveInbox;
import imbridge.core.testing.InMemoryLiveInbox;

/** The core's in-memory inbox (used by the live path's tests) keeps the same contract as the SQL inbox. */
class InMemoryLiveInboxContractTest implements LiveInboxContract {
    private final InMemoryLiveInbox inbox = new InMemoryLiveInbox();

    @Override
    public LiveInbox inbox() {
        return inbox;
    }
}
