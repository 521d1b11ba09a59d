package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void sqliteFactoryPointsAtTheFile() {
        DatabaseConfig cfg = DatabaseConfig.sqlite(Path.of("/data/imbridge.db"));
        assertThat(cfg.type()).isEqualTo("sqlite");
        assertThat(cfg.url()).isEqualTo("jdbc:sqlite:/data/imbridge.db");
        assertThat(cfg.maxConnections()).isPositive();
    }

    @Test
    void badSettingsGetClearErrors() {
        assertThatThrownBy(() -> new DatabaseConfig("mysql", "jdbc:mysql://x", null, null, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mysql");
        assertThatThrownBy(() -> new DatabaseConfig("postgres", " ", null, null, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() -> new DatabaseConfig("postgres", "jdbc:postgresql://x/db", null, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> Database.open(new DatabaseConfig("sqlite", "jdbc:sqlite::memory:", null, null, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in-memory");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(new DatabaseConfig("postgres", "jdbc:postgresql://x/db", "u", "s3cret", 2).toString())
                .doesNotContain("s3cret");
    }
}
