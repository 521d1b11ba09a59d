package imbridge.bench.jmh;

import imbridge.bench.fixture.SimulatedAccount;
import imbridge.bench.fixture.SyncedDatabase;
import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Part planning ({@link MessagePartPlanner}, shared by forward, backward and live delivery): one page of message
 * rows as the real sync produced them from the simulator (profile {@code full}: texts, attachments, tapbacks,
 * replies, unsent), each planned into its parts and its reaction. Baseline: the least any planner does, one text
 * part key per row.
 */
// Sampled: on a shared machine the median of single calls holds where the mean follows the other load.
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class PartPlanningBenchmark {
    private final MessagePartPlanner planner = new MessagePartPlanner(SimulatedAccount.OWNER_HANDLE);
    private List<MessageRow> rows;
    private Path dir;

    @Setup
    public void syncOnePage() throws Exception {
        dir = Files.createTempDirectory("imbridge-bench-plan-");
        try (SimulatedAccount account = SimulatedAccount.start(3, 30, 6_000)) {
            // The page after the first 1,800 message rows: about where the decoding benchmark takes its page.
            rows = SyncedDatabase.sync(account, dir.resolve("plan.db"), 1_800, false, 1)
                    .pages()
                    .getFirst()
                    .rows();
        }
        long withAttachments =
                rows.stream().filter(r -> !r.attachments().isEmpty()).count();
        if (rows.size() < SimulatedAccount.PAGE_SIZE / 2 || withAttachments == 0) {
            throw new IllegalStateException("the page holds " + rows.size() + " rows, " + withAttachments
                    + " with attachments: not a representative page");
        }
    }

    @Benchmark
    public void planPage(Blackhole bh) {
        for (MessageRow row : rows) {
            bh.consume(planner.plan(row));
            bh.consume(planner.planReaction(row));
        }
    }

    @Benchmark
    public void textKeysOnly(Blackhole bh) {
        for (MessageRow row : rows) {
            bh.consume(PartKey.text(row.guid()));
        }
    }

    @TearDown
    public void deleteDatabase() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
