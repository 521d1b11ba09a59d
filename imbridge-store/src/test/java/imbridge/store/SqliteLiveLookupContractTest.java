package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLiveLookupContractTest extends LiveLookupContractTest {

    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig freshDatabase() {
        return DatabaseConfig.sqlite(dir.resolve("imbridge.db"));
    }

    /** Asked for every live message (behaviour.md §7.4): an index lookup, never a scan of the message map. */
    @Test
    void isBridgedUsesTheGuidIndex() {
        List<String> plan = Jdbi.create(config.url())
                .withHandle(h -> h.createQuery("EXPLAIN QUERY PLAN " + MessageMapTable.ANY_PART_OF_GUID)
                        .bind("login", "l")
                        .bind("guidNorm", "G")
                        .map((rs, ctx) -> rs.getString("detail"))
                        .list());
        assertThat(String.join("\n", plan)).contains("message_map_guid_idx");
    }
}
