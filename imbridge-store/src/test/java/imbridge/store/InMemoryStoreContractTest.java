package imbridge.store;

/** The core's in-memory fakes keep the store contract of the SQL stores, so the engine's tests stand on real behaviour. */
class InMemoryStoreContractTest extends StorePortContract {
    @Override
    protected PortStores openStores() {
        return new InMemoryPortStores();
    }
}
