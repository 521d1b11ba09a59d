package imbridge.store;

class PostgresPortalProgressTest extends PortalProgressContract {

    @Override
    protected DatabaseConfig freshDatabase() {
        return new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 2);
    }
}
