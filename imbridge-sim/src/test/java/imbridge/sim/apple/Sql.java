package imbridge.sim.apple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC reads of a written database, the way any reader would open it (read-only). */
final class Sql implements AutoCloseable {

    private final Connection connection;

    private Sql(Connection connection) {
        this.connection = connection;
    }

    static Sql open(Path db) throws SQLException {
        return new Sql(DriverManager.getConnection("jdbc:sqlite:file:" + db.toAbsolutePath() + "?mode=ro"));
    }

    long count(String query, Object... args) throws SQLException {
        return ((Number) rows(query, args).getFirst().values().iterator().next()).longValue();
    }

    Map<String, Object> row(String query, Object... args) throws SQLException {
        List<Map<String, Object>> rows = rows(query, args);
        if (rows.size() != 1) {
            throw new AssertionError(rows.size() + " rows for " + query);
        }
        return rows.getFirst();
    }

    List<Map<String, Object>> rows(String query, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    List<Object> column(String query, Object... args) throws SQLException {
        return rows(query, args).stream().map(r -> r.values().iterator().next()).toList();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
