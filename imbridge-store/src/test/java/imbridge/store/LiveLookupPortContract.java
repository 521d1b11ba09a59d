package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.BackfillState;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.SentPart;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The live path's lookups at the ports, kept by the SQL stores and by the core's in-memory fakes alike; what needs
 * raw SQL is {@link LiveLookupContractTest}.
 */
abstract class LiveLookupPortContract extends StoreTestBase {

    static final String LOWER = "6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718";
    static final String UPPER = LOWER.toUpperCase(Locale.ROOT);

    // ---- CloudStore.messageByGuid ----------------------------------------------------------------------------

    @Test
    void anUpperCaseApnsGuidFindsTheLowerCaseCloudKitRow() {
        cloud.ingestMessagePage(List.of(message(LOWER, DM, 1_000)), List.of(), List.of(), "m1");

        MessageRow row = cloud.messageByGuid(UPPER).orElseThrow();

        assertThat(row.guid()).isEqualTo(LOWER);
        assertThat(row.portalId()).isEqualTo(DM);
        assertThat(row.deleted()).isFalse();
        assertThat(cloud.messageByGuid(LOWER)).contains(row);
        assertThat(cloud.messageByGuid(guid(99))).isEmpty();
        assertThat(cloud.messageByGuid(null)).isEmpty();
        assertThat(cloud.messageByGuid(" ")).isEmpty();
    }

    @Test
    void softDeletedMessagesAreStillFound() {
        cloud.ingestMessagePage(
                List.of(message(LOWER, DM, 1_000), message(guid(2), GROUP, 2_000)), List.of(), List.of(), "m1");
        cloud.softDeletePortal(DM);
        cloud.ingestMessagePage(List.of(), List.of(guid(2).toUpperCase(Locale.ROOT)), List.of(), "m2");

        assertThat(cloud.messageByGuid(UPPER)).hasValueSatisfying(m -> {
            assertThat(m.deleted()).isTrue();
            assertThat(m.portalId()).isEqualTo(DM);
        });
        assertThat(cloud.messageByGuid(guid(2)))
                .hasValueSatisfying(m -> assertThat(m.deleted()).isTrue());
    }

    @Test
    void anotherLoginsMessageIsNotFound() {
        stores.cloudStore(OTHER_LOGIN)
                .ingestMessagePage(List.of(message(LOWER, DM, 1_000)), List.of(), List.of(), "m1");

        assertThat(cloud.messageByGuid(UPPER)).isEmpty();
    }

    // ---- CloudStore.portalHasOnlyDeletedMessages -------------------------------------------------------------

    @Test
    void aPortalIsOnlyDeletedWhenItHasMessagesAndAllAreSoftDeleted() {
        assertThat(cloud.portalHasOnlyDeletedMessages(DM))
                .as("no messages at all")
                .isFalse();

        cloud.ingestMessagePage(
                List.of(message(guid(1), DM, 1_000), message(guid(2), DM, 2_000), message(guid(3), GROUP, 3_000)),
                List.of(),
                List.of(),
                "m1");
        assertThat(cloud.portalHasOnlyDeletedMessages(DM)).as("live messages").isFalse();

        cloud.ingestMessagePage(List.of(), List.of(guid(1)), List.of(), "m2");
        assertThat(cloud.portalHasOnlyDeletedMessages(DM))
                .as("one of two tombstoned")
                .isFalse();

        cloud.softDeletePortal(DM);
        assertThat(cloud.portalHasOnlyDeletedMessages(DM)).isTrue();
        assertThat(cloud.portalHasOnlyDeletedMessages(GROUP)).isFalse();
    }

    @Test
    void anotherLoginsMessagesDoNotChangeTheAnswer() {
        cloud.ingestMessagePage(List.of(withDeleted(message(guid(1), DM, 1_000), true)), List.of(), List.of(), "m1");
        stores.cloudStore(OTHER_LOGIN)
                .ingestMessagePage(List.of(message(guid(2), DM, 2_000)), List.of(), List.of(), "m1");

        assertThat(cloud.portalHasOnlyDeletedMessages(DM)).isTrue();
        assertThat(stores.cloudStore(OTHER_LOGIN).portalHasOnlyDeletedMessages(DM))
                .isFalse();
    }

    // ---- BridgeStore.isBridged / recordSentParts -------------------------------------------------------------

    @Test
    void aLiveSendIsRecognisedInAnyCase() {
        SentPart part = new SentPart(DM, PartKey.text(LOWER), LOWER, "!dm:example.org", "$live1", 1_000);

        bridge.recordSentParts(List.of(part));

        assertThat(bridge.isBridged(UPPER)).isTrue();
        assertThat(bridge.isBridged(LOWER)).isTrue();
        assertThat(bridge.isBridged(guid(99))).isFalse();
        assertThat(bridge.isBridged(null)).isFalse();
        assertThat(bridge.isBridged("")).isFalse();
        assertThat(bridge.eventIdOf(DM, PartKey.text(UPPER))).contains("$live1");
    }

    @Test
    void partsBridgedByBackfillAreRecognisedToo() {
        bridge.commitBackfillBatch(
                List.of(new SentPart(GROUP, PartKey.attachment(LOWER, 0), LOWER, "!g:example.org", "$att0", 1_000)),
                BackfillState.initial(GROUP, 1_000));

        assertThat(bridge.isBridged(UPPER)).isTrue();
        assertThat(stores.bridgeStore(OTHER_LOGIN).isBridged(UPPER))
                .as("another login's map")
                .isFalse();
    }
}
