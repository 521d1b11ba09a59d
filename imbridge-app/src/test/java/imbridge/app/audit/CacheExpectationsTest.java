package imbridge.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.app.verify.ExpectedPart;
import imbridge.app.verify.ExpectedPortal;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.RejectedRecord;
import imbridge.core.model.ChatRow;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.model.Portal;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.store.Database;
import imbridge.store.DatabaseConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit's expectation, derived from a real (SQLite) cache the way the bridge's backfill reads it. */
class CacheExpectationsTest {
    private static final List<String> OWN = List.of("tel:+15550000001", "mailto:owner@icloud.com");
    private static final String DM = "tel:+15551230001";
    private static final String GROUP = "gid:6f1c2a3b-0000-4000-8000-000000000001";
    private static final String JUNK = "tel:+15559990000";
    private static final String ONLY_TAPBACKS = "tel:+15550000777";
    private static final String DELETED = "tel:+15554440000";

    @TempDir
    Path dir;

    private Database db;
    private CloudStore cloud;
    private BridgeStore bridge;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseConfig.sqlite(dir.resolve("imbridge.db")));
        cloud = db.cloudStore("login");
        bridge = db.bridgeStore("login");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void livePortalsGetTheirPartsInSendOrderSplitLikeTheBridgeSplitsThem() {
        CloudAttachment jpeg = new CloudAttachment(
                "rec-a1",
                "A1A1A1A1-0000-4000-8000-000000000001",
                "image/jpeg",
                "public.jpeg",
                "IMG_1.jpeg",
                1234,
                "aa".repeat(32),
                "http://127.0.0.1:1/assets/rec-a1");
        CloudAttachment pdf = new CloudAttachment(
                "rec-a2",
                "A2A2A2A2-0000-4000-8000-000000000002",
                null,
                "com.adobe.pdf",
                "doc.pdf",
                99,
                "bb".repeat(32),
                "http://127.0.0.1:1/assets/rec-a2");
        cloud.ingestAttachmentPage(List.of(jpeg, pdf), List.of(), List.of(), "a1");
        cloud.ingestChatPage(
                List.of(
                        new ChatRow(
                                "iMessage;-;+15551230001",
                                "chat-dm",
                                null,
                                DM,
                                "iMessage",
                                null,
                                List.of(DM),
                                false,
                                false),
                        new ChatRow("chat1", "chat-junk", null, JUNK, "iMessage", null, List.of(JUNK), true, false)),
                List.of(),
                List.of(),
                "c1");
        MessageRow mine =
                withAttachments(message(guid(2), DM, 2_000, OWN.getFirst(), true, "body", "Subj"), List.of(jpeg, pdf));
        cloud.ingestMessagePage(
                List.of(
                        message(guid(3), DM, 3_000, DM, false, "later", null),
                        mine,
                        message(guid(1), DM, 1_000, DM, false, "  hello\n", null),
                        tapback(message(guid(4), DM, 2_500, DM, false, null, null)),
                        message(guid(5), GROUP, 1_500, "mailto:Carol@Example.com", false, "group hi", null),
                        message(guid(6), JUNK, 1_000, JUNK, false, "junk", null),
                        tapback(message(guid(7), ONLY_TAPBACKS, 1_000, ONLY_TAPBACKS, false, null, null))),
                List.of(),
                List.of(new RecordReject(Zone.MESSAGES, "bad-record", "BAD_GUID", "{}")),
                "m1");
        cloud.ingestMessagePage(List.of(), List.of(guid(3)), List.of(), "m2"); // deleted on the Apple side
        bridge.savePortal(new Portal(DM, PortalKind.DM, null, List.of(DM), "!dm:localhost"));
        bridge.savePortal(new Portal(DELETED, PortalKind.DM, null, List.of(DELETED), null));
        bridge.markPortalDeleted(DELETED, 5_000);

        GroundTruth expected = new CacheExpectations(cloud, bridge, OWN).read();

        assertThat(expected.portals()).extracting(ExpectedPortal::portalId).containsExactly(GROUP, DM);
        ExpectedPortal dm = expected.portals().get(1);
        assertThat(dm.kind()).isEqualTo("dm");
        assertThat(dm.parts())
                .extracting(p -> p.id().toString())
                .containsExactly(
                        guid(1).toUpperCase() + "/text",
                        guid(2).toUpperCase() + "/text",
                        guid(2).toUpperCase() + "/att0",
                        guid(2).toUpperCase() + "/att1",
                        guid(4).toUpperCase() + "/reaction");
        assertThat(dm.parts().get(4))
                .as("a tapback on an earlier message of the portal is a reaction")
                .isEqualTo(ExpectedPart.reaction(guid(4), 2_500, DM, false, "❤️", guid(1)));
        assertThat(dm.parts().get(0)).isEqualTo(ExpectedPart.text(guid(1), 1_000, DM, false, "hello"));
        assertThat(dm.parts().get(1))
                .isEqualTo(ExpectedPart.text(guid(2), 2_000, OWN.getFirst(), true, "**Subj**\nbody"));
        assertThat(dm.parts().get(2))
                .isEqualTo(ExpectedPart.file(
                        guid(2), 0, 2_000, OWN.getFirst(), true, "IMG_1.jpeg", "image/jpeg", 1234, "aa".repeat(32)));
        assertThat(dm.parts().get(3).mime()).isNull();
        assertThat(expected.portals().getFirst().parts())
                .singleElement()
                .satisfies(p -> assertThat(p.sender()).isEqualTo("mailto:carol@example.com"));
        assertThat(expected.deletedPortals()).containsExactly(DELETED);
        assertThat(expected.rejectedRecords())
                .containsExactly(new RejectedRecord("messageManateeZone", "bad-record", "BAD_GUID"));
        assertThat(expected.seed()).isNull();
        assertThat(expected.partCount()).isEqualTo(6);
    }

    @Test
    void thePortalByPortalSourceExpectsWhatTheWholeReadExpects() {
        livePortalsGetTheirPartsInSendOrderSplitLikeTheBridgeSplitsThem(); // the same cache
        CacheExpectations expectations = new CacheExpectations(cloud, bridge, OWN);
        GroundTruth whole = expectations.read();

        imbridge.app.verify.TruthSource source = expectations.source(null);

        assertThat(source.summary().portals())
                .extracting(
                        imbridge.app.verify.TruthSummary.PortalSummary::portalId,
                        imbridge.app.verify.TruthSummary.PortalSummary::partCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(GROUP, 1L), org.assertj.core.groups.Tuple.tuple(DM, 5L));
        assertThat(source.summary().deletedPortals()).isEqualTo(whole.deletedPortals());
        assertThat(source.summary().rejectedRecords()).isEqualTo(whole.rejectedRecords());
        for (ExpectedPortal portal : whole.portals()) {
            assertThat(source.portal(portal.portalId())).isEqualTo(portal);
        }
        assertThatThrownBy(() -> source.portal(ONLY_TAPBACKS))
                .as("a portal without parts is left out")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onePortalCanBeAuditedAlone() {
        cloud.ingestMessagePage(
                List.of(
                        message(guid(1), DM, 1_000, DM, false, "a", null),
                        message(guid(2), GROUP, 1_000, DM, false, "b", null)),
                List.of(),
                List.of(),
                "m1");
        bridge.markPortalDeleted(DELETED, 5_000);

        GroundTruth onlyDm = new CacheExpectations(cloud, bridge, OWN).read(DM);
        GroundTruth onlyDeleted = new CacheExpectations(cloud, bridge, OWN).read(DELETED);

        assertThat(onlyDm.portals()).extracting(ExpectedPortal::portalId).containsExactly(DM);
        assertThat(onlyDm.deletedPortals()).isEmpty();
        assertThat(onlyDeleted.portals()).isEmpty();
        assertThat(onlyDeleted.deletedPortals()).containsExactly(DELETED);
    }

    @Test
    void longHistoriesArePagedWithoutLosingOrRepeatingAMessage() {
        int chunk = 7;
        int count = chunk * 3 + 4;
        List<MessageRow> rows = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(message(guid(100 + i), DM, 1_000 + i / 3, DM, false, "m" + i, null)); // timestamp ties
        }
        cloud.ingestMessagePage(rows, List.of(), List.of(), "m1");

        List<ExpectedPart> parts = new CacheExpectations(cloud, bridge, OWN, chunk)
                .read()
                .portals()
                .getFirst()
                .parts();

        assertThat(parts).hasSize(count);
        assertThat(parts.stream().map(ExpectedPart::id).distinct()).hasSize(count);
        for (int i = 1; i < parts.size(); i++) {
            ExpectedPart a = parts.get(i - 1);
            ExpectedPart b = parts.get(i);
            assertThat(a.ts() < b.ts() || (a.ts() == b.ts() && a.id().guid().compareTo(b.id().guid()) < 0))
                    .as("%s before %s", a.id(), b.id())
                    .isTrue();
        }
    }

    private static String guid(int i) {
        return String.format("%08x-0000-4000-8000-%012x", i * 7919, i);
    }

    private static MessageRow message(
            String guid, String portalId, long ts, String sender, boolean fromMe, String text, String subject) {
        return new MessageRow(
                guid,
                "rec-" + guid,
                "chat-of-" + portalId,
                portalId,
                ts,
                sender,
                fromMe,
                text,
                subject,
                "iMessage",
                List.of(),
                text != null,
                false);
    }

    private static MessageRow withAttachments(MessageRow m, List<CloudAttachment> attachments) {
        return new MessageRow(
                m.guid(),
                m.recordName(),
                m.chatId(),
                m.portalId(),
                m.timestampMs(),
                m.sender(),
                m.fromMe(),
                m.text(),
                m.subject(),
                m.service(),
                attachments,
                m.hasBody(),
                m.deleted(),
                attachments.stream().map(CloudAttachment::guid).toList(),
                m.extras());
    }

    private static MessageRow tapback(MessageRow m) {
        return new MessageRow(
                m.guid(),
                m.recordName(),
                m.chatId(),
                m.portalId(),
                m.timestampMs(),
                m.sender(),
                m.fromMe(),
                m.text(),
                m.subject(),
                m.service(),
                m.attachments(),
                m.hasBody(),
                m.deleted(),
                m.attachmentGuids(),
                new MessageExtras(2000, "p:0/" + guid(1), null, null, false, 0, 0, 0));
    }
}
