package imbridge.store;

/** The core's in-memory fakes keep the backward-backfill contract of the SQL stores, so the engine's tests stand on real behaviour. */
class InMemoryBackwardBackfillContractTest extends BackwardBackfillPortContract {
    @Override
    protected PortStores openStores() {
        return new InMemoryPortStores();
    }
}
