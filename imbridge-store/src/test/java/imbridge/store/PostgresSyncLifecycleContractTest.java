package imbridge.store;

class PostgresSyncLifecycleContractTest extends SyncLifecycleContractTest {

    @Override
    protected DatabaseConfig freshDatabase() {
        return new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 4);
    }
}
