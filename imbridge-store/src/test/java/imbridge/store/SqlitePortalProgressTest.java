package imbridge.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqlitePortalProgressTest extends PortalProgressContract {

    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig freshDatabase() {
        return DatabaseConfig.sqlite(dir.resolve("imbridge.db"));
    }
}
