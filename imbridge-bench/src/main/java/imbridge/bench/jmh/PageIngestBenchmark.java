package imbridge.bench.jmh;

import imbridge.bench.fixture.MessagePage;
import imbridge.bench.fixture.SimulatedAccount;
import imbridge.bench.fixture.SyncedDatabase;
import imbridge.core.port.CloudStore;
import imbridge.store.Database;
import imbridge.store.DatabaseConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code SqlCloudStore.ingestMessagePage}: {@value #PAGES} consecutive message pages (as the real sync produced them
 * from the simulator, with their attachments and tombstones) committed into a real SQLite file that already holds
 * {@code existingMessages} messages (filled by the same sync), against the same pages into a file whose message table
 * is empty. Every iteration starts from a fresh copy of the filled file, so the table holds the stated size
 * (+ at most {@value #PAGES} pages) and never grows with the run; the score is the time per page.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class PageIngestBenchmark {
    static final int PAGES = 25;
    /** The filled account; the empty one is the same account with its messages left out. */
    static final int FILLED = 100_000;

    @Param({"0", "100000"})
    public int existingMessages;

    private Path dir;
    private SyncedDatabase template;
    private Database db;
    private CloudStore store;
    private Path copy;
    private int iteration;

    @Setup(Level.Trial)
    public void syncTemplate() throws Exception {
        if (existingMessages != 0 && existingMessages != FILLED) {
            throw new IllegalArgumentException("existingMessages is 0 or " + FILLED);
        }
        dir = Files.createTempDirectory("imbridge-bench-ingest-");
        // Room for the filled part and the captured pages after it: about 200 chats of 500 messages.
        try (SimulatedAccount account = SimulatedAccount.start(7, 220, FILLED + 2 * PAGES * 200)) {
            template = SyncedDatabase.sync(account, dir.resolve("template.db"), FILLED, existingMessages > 0, PAGES);
        }
        System.out.printf(
                "template: %d message rows, %d bytes; %d pages of %d rows to ingest%n",
                template.existingMessages(),
                Files.size(template.file()),
                template.pages().size(),
                template.pages().stream().mapToInt(p -> p.rows().size()).sum());
    }

    @Setup(Level.Iteration)
    public void openFreshCopy() throws IOException, SQLException {
        copy = dir.resolve("iteration-" + iteration++ + ".db");
        Files.copy(template.file(), copy);
        // On disk before the clock runs: else the first checkpoint's fsync would pay for writing the copy.
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        long before = messageRows(copy);
        if (before != template.existingMessages()) {
            throw new IllegalStateException(
                    "the copy holds " + before + " message rows, the sync ingested " + template.existingMessages());
        }
        db = Database.open(DatabaseConfig.sqlite(copy));
        store = db.cloudStore(SyncedDatabase.LOGIN);
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void ingestPages(Blackhole bh) {
        for (MessagePage page : template.pages()) {
            store.ingestMessagePage(page.rows(), page.deletedRecordNames(), page.rejects(), page.syncToken());
            bh.consume(page);
        }
    }

    /** Checks that the pages really landed (new rows, at most one per ingested row), then drops the copy. */
    @TearDown(Level.Iteration)
    public void checkAndDelete() throws IOException, SQLException {
        db.close();
        long added = messageRows(copy) - template.existingMessages();
        long offered = template.pages().stream().mapToLong(p -> p.rows().size()).sum();
        if (added <= 0 || added > offered) {
            throw new IllegalStateException("the pages added " + added + " message rows for " + offered + " offered");
        }
        deleteWithSidecars(copy);
    }

    @TearDown(Level.Trial)
    public void deleteTemplate() throws IOException {
        deleteWithSidecars(template.file());
        Files.deleteIfExists(dir);
    }

    private static long messageRows(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM cloud_message")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void deleteWithSidecars(Path file) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }
}
