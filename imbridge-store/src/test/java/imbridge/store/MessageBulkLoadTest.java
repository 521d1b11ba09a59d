package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.MessageRow;
import imbridge.core.port.CloudStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQLite bulk load ({@link MessageStagingTable}) against the page-by-page ingest it replaces: the same random page
 * sequences (re-deliveries across pages, tombstones by GUID in any case and by record name, before and after their
 * rows, sticky deletes and unsends, read times moving both ways, attachment lists that arrive incomplete after a
 * fuller one, portals deleted between pages) must leave the same messages and attachment references. Row
 * timestamps ({@code created_ts}, {@code updated_ts}) are bookkeeping and not compared.
 */
class MessageBulkLoadTest extends StoreTestBase {
    private static final List<String> PORTALS = List.of(DM, GROUP, "tel:+15559876543");
    private static final String DIRECT = "direct.db";

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @Override
    protected DatabaseConfig freshDatabase() {
        return DatabaseConfig.sqlite(dir.resolve("bulk.db"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aBulkLoadLeavesWhatAPageByPageIngestLeaves(long seed) {
        List<Step> steps = randomSteps(new Random(seed), 40);
        try (Database direct = Database.open(DatabaseConfig.sqlite(dir.resolve(DIRECT)))) {
            CloudStore directStore = direct.cloudStore(LOGIN);
            steps.forEach(s -> s.apply(directStore));

            assertThat(cloud.beginBulkMessageLoad())
                    .as("an empty cache starts a bulk load")
                    .isTrue();
            steps.forEach(s -> s.apply(cloud));
            assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10))
                    .as("staged pages are not readable")
                    .isEmpty();
            cloud.finishBulkMessageLoad();

            assertThat(contents(config.url())).isNotEmpty();
            assertSameRows(contents(config.url()), contents(directUrl()));
            assertSameRows(references(config.url()), references(directUrl()));
            assertThat(cloud.syncToken(imbridge.core.model.Zone.MESSAGES))
                    .isEqualTo(directStore.syncToken(imbridge.core.model.Zone.MESSAGES));
        }
    }

    @Test
    void anInterruptedBulkLoadResumesAfterAReopenAndNothingIsStagedTwice() {
        List<Step> steps = randomSteps(new Random(99), 30);
        try (Database direct = Database.open(DatabaseConfig.sqlite(dir.resolve(DIRECT)))) {
            CloudStore directStore = direct.cloudStore(LOGIN);
            steps.forEach(s -> s.apply(directStore));

            assertThat(cloud.beginBulkMessageLoad()).isTrue();
            steps.subList(0, 15).forEach(s -> s.apply(cloud));
            db.close(); // a crash: the staged pages and their tokens are committed, the merge never ran
            db = Database.open(config);
            cloud = db.cloudStore(LOGIN);
            assertThat(cloud.syncToken(imbridge.core.model.Zone.MESSAGES))
                    .as("the token of the last staged page")
                    .isPresent();
            assertThat(cloud.beginBulkMessageLoad())
                    .as("staged pages resume the load")
                    .isTrue();
            steps.subList(15, steps.size()).forEach(s -> s.apply(cloud));
            cloud.finishBulkMessageLoad();

            assertSameRows(contents(config.url()), contents(directUrl()));
            assertSameRows(references(config.url()), references(directUrl()));
            assertThat(cloud.beginBulkMessageLoad())
                    .as("a cache with messages ingests page by page")
                    .isFalse();
        }
    }

    @Test
    void aCacheThatHoldsMessagesOrATokenIngestsPageByPage() {
        cloud.ingestMessagePage(List.of(message(guid(1), DM, 1_000)), List.of(), List.of(), "t1");
        assertThat(cloud.beginBulkMessageLoad()).isFalse();
        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10)).hasSize(1);
    }

    @Test
    void clearingTheCacheDropsAStagedLoad() {
        assertThat(cloud.beginBulkMessageLoad()).isTrue();
        cloud.ingestMessagePage(List.of(message(guid(1), DM, 1_000)), List.of(), List.of(), "t1");
        cloud.clearAllData();
        cloud.finishBulkMessageLoad(); // nothing left to apply
        assertThat(cloud.messagesAfter(DM, BackfillCursor.START, 10)).isEmpty();
        long staged = Jdbi.create(config.url())
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM cloud_message_staging")
                        .mapTo(Long.class)
                        .one());
        assertThat(staged).isZero();
    }

    /** The tombstone step runs once per tombstone: each statement must be index lookups, never a walk of the login. */
    @Test
    void theTombstoneStatementsAreIndexLookups() {
        Jdbi jdbi = Jdbi.create(config.url());
        jdbi.useHandle(h -> MessageStagingTable.TOMBSTONE_INDEXES.forEach(h::execute));
        for (String sql : List.of(
                MessageStagingTable.TOMBSTONE_BY_GUID,
                MessageStagingTable.NAMED_BEFORE,
                MessageStagingTable.TOMBSTONE_BY_RECORD_NAME)) {
            List<String> steps = jdbi.withHandle(h -> h.createQuery("EXPLAIN QUERY PLAN " + sql)
                    .bind("login", LOGIN)
                    .bind("guidNorm", "G")
                    .bind("name", "n")
                    .bind("seq", 5L)
                    .bind("now", 1L)
                    .map((rs, ctx) -> rs.getString("detail"))
                    .list());
            String plan = String.join("\n", steps);
            assertThat(plan).as(sql).doesNotContain("SCAN").contains("SEARCH");
        }
    }

    // ---- random page sequences ------------------------------------------------------------------------------

    private interface Step {
        void apply(CloudStore store);
    }

    private static List<Step> randomSteps(Random random, int pages) {
        List<Step> steps = new ArrayList<>();
        int token = 0;
        for (int p = 0; p < pages; p++) {
            if (random.nextInt(12) == 0) {
                String portal = PORTALS.get(random.nextInt(PORTALS.size()));
                steps.add(store -> store.softDeletePortal(portal));
            }
            Set<Integer> picked = new LinkedHashSet<>();
            int rows = random.nextInt(7);
            while (picked.size() < rows) {
                picked.add(random.nextInt(30));
            }
            List<MessageRow> page = new ArrayList<>();
            for (int i : picked) {
                page.add(randomVersion(random, i));
            }
            List<String> tombstones = new ArrayList<>();
            for (int t = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0; t > 0; t--) {
                int i = random.nextInt(30);
                tombstones.add(
                        switch (random.nextInt(3)) {
                            case 0 -> guid(i).toUpperCase(Locale.ROOT); // the GUID in another case
                            case 1 -> "rec-" + i; // the record name some versions carry
                            default -> "unknown-" + i;
                        });
            }
            String pageToken = "t" + (++token);
            steps.add(store -> store.ingestMessagePage(page, tombstones, List.of(), pageToken));
        }
        return steps;
    }

    private static MessageRow randomVersion(Random random, int i) {
        MessageRow m = message(guid(i), PORTALS.get(i % PORTALS.size()), 1_000L * i + random.nextInt(5));
        if (random.nextBoolean()) {
            m = withRecordName(m, "rec-" + i);
        }
        if (random.nextInt(10) == 0) {
            m = withDeleted(m, true);
        }
        m = withExtras(
                m,
                new MessageExtras(
                        null,
                        null,
                        null,
                        null,
                        random.nextInt(8) == 0,
                        random.nextInt(3),
                        random.nextInt(5) * 100L,
                        0));
        int named = random.nextInt(4);
        if (named > 0) {
            List<CloudAttachment> all = new ArrayList<>();
            for (int a = 0; a < named; a++) {
                all.add(attachment("att-" + i + "-" + a, "ATT-" + i + "-" + a));
            }
            int resolved = random.nextInt(named + 1); // fewer resolved than named: an incomplete list
            m = withAttachments(
                    m,
                    all.subList(0, resolved),
                    all.stream().map(CloudAttachment::guid).toList());
        }
        return new MessageRow(
                m.guid(),
                m.recordName(),
                m.chatId(),
                m.portalId(),
                m.timestampMs(),
                m.sender(),
                m.fromMe(),
                "text " + random.nextInt(1000),
                m.subject(),
                m.service(),
                m.attachments(),
                m.hasBody(),
                m.deleted(),
                m.attachmentGuids(),
                m.extras());
    }

    // ---- what a load leaves -----------------------------------------------------------------------------------

    /** Row by row, naming only the columns that differ (a whole row dump hides the one that matters). */
    private static void assertSameRows(List<Map<String, Object>> bulk, List<Map<String, Object>> direct) {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(bulk.size(), direct.size()); i++) {
            Map<String, Object> b = i < bulk.size() ? bulk.get(i) : Map.of();
            Map<String, Object> d = i < direct.size() ? direct.get(i) : Map.of();
            for (String column : new java.util.TreeSet<>(d.isEmpty() ? b.keySet() : d.keySet())) {
                if (!java.util.Objects.equals(b.get(column), d.get(column))) {
                    differences.add("row " + i + " (" + d.getOrDefault("guid_norm", b.get("guid_norm")) + ") " + column
                            + ": bulk=" + b.get(column) + " direct=" + d.get(column));
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    private String directUrl() {
        return DatabaseConfig.sqlite(dir.resolve(DIRECT)).url();
    }

    private static List<Map<String, Object>> contents(String url) {
        return query(url, """
                SELECT guid, guid_norm, record_name, chat_id, portal_id, timestamp_ms, sender, is_from_me, text,
                       subject, service, deleted, attachments_json, attachment_guids_json, has_body, tapback_type,
                       tapback_target_guid, tapback_emoji, reply_guid, unsent, edited_at_ms, date_read_ms, msg_type,
                       target_part, layout_json, attachments_pending
                FROM cloud_message WHERE login_id = :login ORDER BY guid_norm""");
    }

    private static List<Map<String, Object>> references(String url) {
        return query(url, """
                SELECT guid_norm, record_name FROM cloud_message_attachment WHERE login_id = :login
                ORDER BY guid_norm, record_name""");
    }

    private static List<Map<String, Object>> query(String url, String sql) {
        return Jdbi.create(url)
                .withHandle(
                        h -> h.createQuery(sql).bind("login", LOGIN).mapToMap().list());
    }
}
