package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class PostgresLiveLookupContractTest extends LiveLookupContractTest {

    @Override
    protected DatabaseConfig freshDatabase() {
        return new DatabaseConfig("postgres", SharedPostgres.newDatabaseUrl(), "postgres", null, 4);
    }

    @Test
    void isBridgedCanBeServedByTheGuidIndex() {
        List<String> plan = Jdbi.create(config.url()).withHandle(h -> {
            h.execute("SET enable_seqscan = off");
            return h.createQuery("EXPLAIN " + MessageMapTable.ANY_PART_OF_GUID)
                    .bind("login", "l")
                    .bind("guidNorm", "G")
                    .mapTo(String.class)
                    .list();
        });
        assertThat(String.join("\n", plan)).contains("message_map_guid_idx");
    }
}
