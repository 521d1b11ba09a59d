package imbridge.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteAttachmentLedgerContractTest extends AttachmentLedgerContractTest {
    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig freshDatabase() {
        return DatabaseConfig.sqlite(dir.resolve("ledger-" + System.nanoTime() + ".db"));
    }
}
