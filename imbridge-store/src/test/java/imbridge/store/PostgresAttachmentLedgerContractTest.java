package imbridge.store;

class PostgresAttachmentLedgerContractTest extends AttachmentLedgerContractTest {
    @Override
    protected DatabaseConfig freshDatabase() {
        return new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 4);
    }
}
