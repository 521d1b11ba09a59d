package imbridge.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans of per-page and per-portal queries on tables filled to a realistic size (120k attachments, 120k
 * messages in 1,000 portals), with the statistics the database gathers: a plan that works on 100 rows can scan at
 * 100k, and a page or a portal must cost what it holds, not what the account holds.
 */
abstract class HotQueryPlansAtScale {
    static final int ROWS = 120_000;
    static final String LOGIN = "login";

    /** A migrated, empty database of this dialect. */
    abstract Jdbi migratedDatabase();

    /** Fills cloud_attachment and cloud_message with {@link #ROWS} rows each for {@link #LOGIN}. */
    abstract void fill(Handle h);

    /** Lets the database gather statistics (ANALYZE, as production maintenance does). */
    abstract void analyze(Handle h);

    /** The plan's text lines. */
    abstract List<String> plan(Handle h, String sql, Object... binds);

    /** Whether the plan reads the whole table instead of an index range. */
    abstract boolean scansTable(String plan, String table);

    @Test
    void attachmentLookupByGuidUsesTheGuidIndex() {
        Jdbi jdbi = migratedDatabase();
        jdbi.useHandle(this::fill);
        String sql = AttachmentTable.BY_GUID.replace("<guids>", ":g1, :g2, :g3");
        Object[] binds = {"login", LOGIN, "g1", "G17", "g2", "G99999", "g3", "G-none"};

        String before = String.join("\n", jdbi.<List<String>, RuntimeException>withHandle(h -> plan(h, sql, binds)));
        jdbi.useHandle(this::analyze);
        String after = String.join("\n", jdbi.<List<String>, RuntimeException>withHandle(h -> plan(h, sql, binds)));

        for (String plan : List.of(before, after)) {
            assertThat(plan).contains("cloud_attachment_guid_idx");
            assertThat(scansTable(plan, "cloud_attachment")).as(plan).isFalse();
        }
    }

    @Test
    void aPortalsMessageCountReadsOnlyThatPortal() {
        Jdbi jdbi = migratedDatabase();
        jdbi.useHandle(this::fill);
        jdbi.useHandle(this::analyze);
        String plan = String.join("\n", jdbi.<List<String>, RuntimeException>withHandle(h -> plan(h,
                MessageTable.COUNT_IN_PORTAL,
                "login", LOGIN, "portal", "tel:+1555000017")));

        assertThat(plan).contains("cloud_message_portal_order_idx");
        assertThat(scansTable(plan, "cloud_message")).as(plan).isFalse();
        long count = jdbi.<Long, RuntimeException>withHandle(h -> MessageTable.countInPortal(h, LOGIN, "tel:+1555000017"));
        assertThat(count).isEqualTo(ROWS / 1_000);
    }
}
