package imbridge.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteAttachmentLedgerContractTest extends AttachmentLedgerContractTest {
    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig freshDatabase() {
        return DatabaseConfig.sqlite(dir.resolve("ledger-" + System.nanoTime() + ".db"));
    }
}
