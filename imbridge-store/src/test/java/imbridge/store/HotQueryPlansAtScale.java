package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The plans of every query the bridge runs per sync page, per portal, per live message and per pass, on an account
 * filled to a realistic shape ({@link HotQueryWorld}: 120k messages in 2,000 portals, three of them very large,
 * soft-deleted portals, 12.5 % of messages with attachments, 120k attachment records, ~110k message-map and 100k
 * live-inbox rows). A plan that works on 100 rows can scan at 100k: a page must cost what the page holds, a portal
 * what the portal holds; a pass may read the account but only through an index, never sorting it.
 *
 * <p>Each plan is taken twice: right after the bulk load (no statistics, as after a first bootstrap) and after
 * {@link imbridge.core.port.CloudStore#refreshStatistics()} (the policy the sync applies).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HotQueryPlansAtScale {

    static final String LOGIN = HotQueryWorld.LOGIN;

    /** How often a query runs, which decides what it may cost. */
    enum Scope {
        /** Per sync page or per live message: bounded by the page (or the message). */
        PAGE,
        /** Per portal (backfill step): bounded by that portal. */
        PORTAL,
        /** Once per pass or per housekeeping run: may read the whole account, through an index. */
        PASS
    }

    /** What the plan may sort: nothing, only the groups of an aggregate (a few thousand portals), or a bounded set. */
    enum Sorting {
        NONE,
        GROUPS_ONLY,
        BOUNDED
    }

    /**
     * @param indexes every index the plan must use (names from {@link #key} for constraints; {@code a|b}: either)
     * @param bigTables tables the plan must not read in full
     */
    record HotQuery(
            String name,
            Scope scope,
            String sql,
            Map<String, Object> binds,
            List<String> indexes,
            List<String> bigTables,
            Sorting sorting) {}

    private Database db;
    private Jdbi jdbi;
    private final Map<String, String> before = new LinkedHashMap<>();
    private final Map<String, String> after = new LinkedHashMap<>();

    /** A config for a new, empty database of this dialect. */
    abstract DatabaseConfig freshDatabase();

    /** A FROM item yielding one row per {@code i} in 1..n. */
    abstract String series(int n);

    /** The plan's text lines. */
    abstract List<String> plan(Handle h, String sql, Map<String, Object> binds);

    /** Whether the plan reads {@code table} in full (not an index range). */
    abstract boolean scansTable(String plan, String table);

    /** Whether the plan reads an index range that only the login bounds (the whole account). */
    abstract boolean readsWholeLogin(String plan);

    /** Whether the plan sorts rows; with {@code groupsOnly}, whether it sorts anything but an aggregate's groups. */
    abstract boolean sorts(String plan, boolean groupsOnly);

    /** The index name the plan shows for a PRIMARY KEY or UNIQUE constraint. */
    abstract String key(String table, String constraint);

    /** Whether the planner's statistics exist for {@code cloud_message}. */
    abstract boolean hasStatistics(Handle h);

    /**
     * PostgreSQL's autovacuum analyses a bulk-loaded table on its own within about a minute, so plans without
     * statistics are a passing state there; SQLite has none until ANALYZE runs, so its plans must hold without.
     */
    abstract boolean statisticsArriveUnasked();

    /**
     * Whether a once-per-pass query may read a big table in one sequential pass (a hash join: linear, no sort)
     * instead of probing an index per row. SQLite only joins by nested loops, where a scan would repeat per row.
     */
    abstract boolean passMayReadTablesLinearly();

    /** Runs on the migrated, empty database before the fill (PostgreSQL: keep autovacuum from analysing early). */
    void beforeFill(Handle h) {}

    @BeforeAll
    void fillAndExplain() {
        DatabaseConfig config = freshDatabase();
        db = Database.open(config);
        jdbi = Jdbi.create(() -> DriverManager.getConnection(config.url(), config.user(), config.password()));
        jdbi.useHandle(this::beforeFill);
        jdbi.useHandle(h -> new HotQueryWorld(this::series).fill(h));
        jdbi.useHandle(h ->
                assertThat(hasStatistics(h)).as("statistics before the refresh").isFalse());
        explainAll(before);
        db.cloudStore(LOGIN).refreshStatistics();
        explainAll(after);
        if (System.getenv("IMBRIDGE_DUMP_PLANS") != null) {
            before.forEach((name, plan) ->
                    System.out.println("=== " + name + " BEFORE\n" + plan + "\n--- AFTER\n" + after.get(name)));
        }
    }

    @AfterAll
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private void explainAll(Map<String, String> into) {
        jdbi.useHandle(h -> {
            for (HotQuery q : HotQueries.all(this::key)) {
                into.put(q.name(), String.join("\n", plan(h, q.sql(), q.binds())));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> everyHotQueryReadsOnlyWhatItsScopeHolds() {
        return HotQueries.all(this::key).stream()
                .map(q -> DynamicTest.dynamicTest(q.scope() + " " + q.name(), () -> {
                    check(q, "before statistics", before.get(q.name()), false);
                    check(q, "after refreshStatistics()", after.get(q.name()), true);
                }));
    }

    /**
     * Always: a page or portal query never reads a big table in full nor the whole login's range. With statistics
     * (and on SQLite also without, a state that lasts until ANALYZE runs): the expected indexes, no unbounded sort,
     * and a pass reads big tables through indexes unless the dialect may hash-join them in one linear pass.
     */
    private void check(HotQuery q, String when, String plan, boolean withStatistics) {
        String label = q.name() + " " + when + ":\n" + plan;
        boolean strict = withStatistics || !statisticsArriveUnasked();
        boolean linearPass = q.scope() == Scope.PASS && passMayReadTablesLinearly();
        if (strict && !linearPass) {
            for (String index : q.indexes()) {
                assertThat(Stream.of(index.split("\\|"))).as(label).anyMatch(plan::contains);
            }
        }
        if (!linearPass) {
            for (String table : q.bigTables()) {
                assertThat(scansTable(plan, table))
                        .as("scans " + table + ": " + label)
                        .isFalse();
            }
        }
        if (q.scope() != Scope.PASS) {
            assertThat(readsWholeLogin(plan))
                    .as("reads the whole login: " + label)
                    .isFalse();
        }
        if (strict && q.sorting() != Sorting.BOUNDED) {
            assertThat(sorts(plan, q.sorting() == Sorting.GROUPS_ONLY))
                    .as("sorts: " + label)
                    .isFalse();
        }
    }

    @Test
    void refreshStatisticsGathersStatisticsForTheMessageTable() {
        assertThat(jdbi.<Boolean, RuntimeException>withHandle(this::hasStatistics))
                .isTrue();
    }

    @Test
    void aPortalsMessageCountIsThatPortalsLiveMessages() {
        long count = jdbi.<Long, RuntimeException>withHandle(
                h -> MessageTable.countInPortal(h, LOGIN, HotQueryWorld.portalId(HotQueryWorld.SMALL_PORTAL)));
        assertThat(count).isEqualTo(HotQueryWorld.liveMessagesOf(HotQueryWorld.SMALL_PORTAL));
    }

    /**
     * What the dashboard, the {@code status} command and the metrics read at every poll or scrape: one statement
     * each over one row per portal, never a message or a message-map row (their counts are kept per portal), and no
     * join that re-reads a table per portal.
     */
    @Test
    void everyPollReadsOneRowPerPortalAndNoMessage() {
        Map<String, String> polls = new LinkedHashMap<>();
        jdbi.useHandle(h -> {
            for (String sql : List.of(
                    SqlPortalProgress.PORTALS, SqlPortalProgress.BY_STATUS, SqlPortalProgress.CACHED_MESSAGES)) {
                polls.put(sql, String.join("\n", plan(h, sql, Map.of("login", LOGIN))));
            }
        });
        polls.forEach((sql, plan) -> {
            String label = sql + "\n" + plan;
            assertThat(plan).as(label).doesNotContain("cloud_message").doesNotContain("message_map");
            if (!passMayReadTablesLinearly()) { // nested loops: only the outer table may be read in full
                assertThat(plan.lines().filter(line -> line.startsWith("SCAN ")))
                        .as(label)
                        .hasSizeLessThanOrEqualTo(1);
            }
        });
        SqlPortalProgress progress = db.portalProgress(LOGIN);
        String small = HotQueryWorld.portalId(HotQueryWorld.SMALL_PORTAL);
        assertThat(progress.portals())
                .hasSize(HotQueryWorld.PORTALS)
                .filteredOn(p -> p.portalId().equals(small))
                .singleElement()
                .extracting(SqlPortalProgress.PortalProgress::messagesKnown)
                .isEqualTo(HotQueryWorld.liveMessagesOf(HotQueryWorld.SMALL_PORTAL));
        assertThat(progress.cachedMessages())
                .isEqualTo(db.cloudStore(LOGIN).portalCandidates().stream()
                        .mapToLong(imbridge.core.model.PortalCandidate::messageCount)
                        .sum());
        assertThat(progress.portalsByStatus().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(HotQueryWorld.PORTALS);
        if (System.getenv("IMBRIDGE_DUMP_PLANS") != null) {
            polls.forEach((sql, plan) -> System.out.println("=== POLL\n" + sql + "\n" + plan));
        }
    }

    /** A statement with its Jdbi {@code <list>} placeholders expanded, and flat binds. */
    record Expanded(String sql, Map<String, Object> binds) {}

    /** Expands each {@link List} bind into named placeholders, as {@code bindList} does. */
    static Expanded expand(String sql, Map<String, Object> binds) {
        String text = sql;
        Map<String, Object> flat = new LinkedHashMap<>();
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            if (bind.getValue() instanceof List<?> values) {
                StringBuilder names = new StringBuilder();
                for (int i = 0; i < values.size(); i++) {
                    String name = bind.getKey() + i;
                    names.append(i == 0 ? ":" : ", :").append(name);
                    flat.put(name, values.get(i));
                }
                text = text.replace("<" + bind.getKey() + ">", names);
            } else {
                flat.put(bind.getKey(), bind.getValue());
            }
        }
        return new Expanded(text, flat);
    }

    static final Pattern SQLITE_WHOLE_LOGIN = Pattern.compile("INDEX \\S+ \\(login_id=\\?\\)");
    static final Pattern POSTGRES_WHOLE_LOGIN =
            Pattern.compile("Cond: \\(login_id = '[^']*'::text\\)\\s*$", Pattern.MULTILINE);
}
