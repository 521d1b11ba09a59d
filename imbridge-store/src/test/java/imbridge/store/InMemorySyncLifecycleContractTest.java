package imbridge.store;

/** The core's in-memory fakes keep the sync-lifecycle contract of the SQL stores, so the engine's tests stand on real behaviour. */
class InMemorySyncLifecycleContractTest extends SyncLifecyclePortContract {
    @Override
    protected PortStores openStores() {
        return new InMemoryPortStores();
    }
}
