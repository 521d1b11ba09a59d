package imbridge.store;

/** The core's in-memory fakes keep the live-lookup contract of the SQL stores, so the engine's tests stand on real behaviour. */
class InMemoryLiveLookupContractTest extends LiveLookupPortContract {
    @Override
    protected PortStores openStores() {
        return new InMemoryPortStores();
    }
}
