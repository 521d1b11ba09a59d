package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackfillState;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.model.Zone;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Database#openReadOnly}: a second, read-only view of a bridge's database that can never change it. */
abstract class ReadOnlyOpenContractTest extends StoreTestBase {

    /** A config for a database that exists but was never migrated. */
    protected abstract DatabaseConfig emptyDatabase();

    @Test
    void readsWhatTheBridgeWroteWhileItKeepsRunning() {
        cloud.ingestChatPage(List.of(dmChat()), List.of(), List.of(), "c1");
        cloud.ingestMessagePage(
                List.of(message(guid(1), DM, 10), message(guid(2), DM, 20)), List.of(), List.of(), "m1");
        bridge.savePortal(new Portal(DM, PortalKind.DM, null, List.of(DM), "!dm:example.org"));

        try (Database readOnly = Database.openReadOnly(config)) {
            CloudStore roCloud = readOnly.cloudStore(LOGIN);
            BridgeStore roBridge = readOnly.bridgeStore(LOGIN);
            assertThat(roCloud.portalCandidates()).extracting(c -> c.portalId()).containsExactly(DM);
            assertThat(roCloud.messagesAfter(DM, BackfillCursor.START, 10))
                    .extracting(MessageRow::guid)
                    .containsExactly(guid(1), guid(2));
            assertThat(roBridge.portals()).extracting(Portal::roomId).containsExactly("!dm:example.org");

            // the writer keeps working beside the reader, and the reader sees its commits
            cloud.ingestMessagePage(List.of(message(guid(3), DM, 30)), List.of(), List.of(), "m2");
            assertThat(roCloud.messagesAfter(DM, BackfillCursor.START, 10)).hasSize(3);
        }
    }

    @Test
    void everyWriteThroughAReadOnlyDatabaseFails() throws SQLException {
        cloud.ingestMessagePage(List.of(message(guid(1), DM, 10)), List.of(), List.of(), "m1");
        long messagesBefore = rows("cloud_message");

        try (Database readOnly = Database.openReadOnly(config)) {
            CloudStore roCloud = readOnly.cloudStore(LOGIN);
            BridgeStore roBridge = readOnly.bridgeStore(LOGIN);
            assertThatThrownBy(() ->
                            roCloud.ingestMessagePage(List.of(message(guid(2), DM, 20)), List.of(), List.of(), "m2"))
                    .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> roCloud.softDeletePortal(DM)).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> roBridge.savePortal(new Portal(DM, PortalKind.DM, null, List.of(DM), null)))
                    .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> roBridge.commitBackfillBatch(
                            List.of(sent(PartKey.text(guid(1)), "$e1")), BackfillState.initial(DM, 1)))
                    .isInstanceOf(RuntimeException.class);
        }
        assertThat(rows("cloud_message")).isEqualTo(messagesBefore);
        assertThat(rows("message_map")).isZero();
        assertThat(bridge.portals()).isEmpty();
        assertThat(cloud.syncToken(Zone.MESSAGES)).contains("m1");
    }

    @Test
    void aDatabaseWithoutTheSchemaIsRefusedWithoutBeingMigrated() throws SQLException {
        DatabaseConfig empty = emptyDatabase();
        assertThatThrownBy(() -> Database.openReadOnly(empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds no imbridge schema");
        try (Database migrated = Database.open(empty)) {
            assertThat(migrated.cloudStore(LOGIN).portalCandidates()).isEmpty();
        }
        Database.openReadOnly(empty).close();
    }
}
