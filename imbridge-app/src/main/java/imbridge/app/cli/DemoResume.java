package imbridge.app.cli;

import imbridge.store.Database;
import imbridge.store.DatabaseConfig;
import java.nio.file.Path;

/** Whether a demo data directory can be resumed: only while its bridge has created no room yet. */
final class DemoResume {
    private DemoResume() {}

    static boolean canResume(Path dbFile) {
        try (Database db = Database.open(DatabaseConfig.sqlite(dbFile))) {
            return db.bridgeStore(imbridge.app.demo.DemoEnvironment.LOGIN_ID).portals().stream()
                    .noneMatch(p -> p.roomId() != null);
        }
    }
}
