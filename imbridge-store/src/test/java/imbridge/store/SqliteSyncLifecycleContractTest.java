package imbridge.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteSyncLifecycleContractTest extends SyncLifecycleContractTest {

    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig freshDatabase() {
        return DatabaseConfig.sqlite(dir.resolve("imbridge.db"));
    }
}
