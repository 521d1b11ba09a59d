package imbridge.store;

class PostgresLiveInboxContractTest extends LiveInboxContractTest {

    @Override
    protected DatabaseConfig freshDatabase() {
        return new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 4);
    }
}
