package imbridge.sim.apple;

import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.DatasetGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** 100,000 messages write in seconds: one transaction, batched inserts. */
class LargeExportTest {

    @Test
    void hundredThousandMessagesWriteInSeconds(@TempDir Path home) throws Exception {
        Dataset dataset = new DatasetGenerator(5, 200, 100_000).generate();

        long start = System.nanoTime();
        AppleExport export = AppleExport.write(dataset, "chatdb", home);
        long millis = (System.nanoTime() - start) / 1_000_000;

        try (Sql sql = Sql.open(export.database())) {
            assertThat(sql.count("SELECT COUNT(*) FROM message")).isEqualTo(export.plan().messages().size())
                    .isGreaterThan(100_000);
        }
        assertThat(millis).as("write time in ms (a shared 2-core machine takes ~10 s)").isLessThan(30_000);
    }
}
