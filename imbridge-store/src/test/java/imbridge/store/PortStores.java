package imbridge.store;

import imbridge.core.port.BackwardTasks;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;

/**
 * Where the store ports of each login come from in a contract test: a real database (SQLite, PostgreSQL) or the
 * core's in-memory fakes, so one contract checks both and the fakes the engine's tests use cannot drift.
 */
interface PortStores extends AutoCloseable {
    CloudStore cloudStore(String login);

    BridgeStore bridgeStore(String login);

    BackwardTasks backwardTasks(String login);

    @Override
    void close();

    static PortStores of(Database db) {
        return new PortStores() {
            @Override
            public CloudStore cloudStore(String login) {
                return db.cloudStore(login);
            }

            @Override
            public BridgeStore bridgeStore(String login) {
                return db.bridgeStore(login);
            }

            @Override
            public BackwardTasks backwardTasks(String login) {
                return db.backwardTasks(login);
            }

            @Override
            public void close() {
                db.close();
            }
        };
    }
}
