package imbridge.applelocal.contacts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The columns a table really has ({@code PRAGMA table_info}), so that a query names only those and reads NULL for
 * the rest: address-book schemas differ between OS versions.
 */
final class TableColumns {
    private final String table;
    private final Set<String> columns;

    private TableColumns(String table, Set<String> columns) {
        this.table = table;
        this.columns = columns;
    }

    /** The table's columns (upper case); none when the table does not exist. */
    static TableColumns of(Connection connection, String table) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA table_info(\"" + table.replace("\"", "\"\"") + "\")")) {
            while (rs.next()) {
                names.add(rs.getString("name").toUpperCase(Locale.ROOT));
            }
        }
        return new TableColumns(table, names);
    }

    boolean exists() {
        return !columns.isEmpty();
    }

    boolean has(String column) {
        return columns.contains(column.toUpperCase(Locale.ROOT));
    }

    /** {@code column} when the table has it, else {@code NULL}, aliased to the column's name either way. */
    String or(String column) {
        return (has(column) ? "\"" + column + "\"" : "NULL") + " AS \"" + column + "\"";
    }

    /**
     * A blob column read only when it is at most {@code maxBytes} long (else NULL), plus its length as
     * {@code <column>_LEN}: an oversized photo is never loaded into memory.
     */
    String boundedBlob(String column, int maxBytes) {
        if (!has(column)) {
            return "NULL AS \"" + column + "\", NULL AS \"" + column + "_LEN\"";
        }
        String c = "\"" + column + "\"";
        return "CASE WHEN length(" + c + ") <= " + maxBytes + " THEN " + c + " END AS " + c + ", length(" + c
                + ") AS \"" + column + "_LEN\"";
    }

    @Override
    public String toString() {
        return table + columns;
    }
}
