package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.DatasetGenerator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 messages write completely in one export (one transaction, batched inserts). How long it takes is no
 * test's business on a shared machine (it once failed a 30 s limit under load); the benchmarks measure speed.
 */
class LargeExportTest {

    @Test
    void hundredThousandMessagesWriteCompletely(@TempDir Path home) throws Exception {
        Dataset dataset = new DatasetGenerator(5, 200, 100_000).generate();

        AppleExport export = AppleExport.write(dataset, "chatdb", home);

        try (Sql sql = Sql.open(export.database())) {
            assertThat(sql.count("SELECT COUNT(*) FROM message"))
                    .isEqualTo(export.plan().messages().size())
                    .isGreaterThan(100_000);
        }
    }
}
