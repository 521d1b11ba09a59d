package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SharedPostgresTest {

    @Test
    void embeddedServerAnswers() throws Exception {
        String url = SharedPostgres.newDatabaseUrl();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("imbridge_test_");
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }
    }
}
