package imbridge.store;

import java.util.Locale;

/** The SQL dialects imbridge ships migrations for; the store's statements are shared by both. */
enum Dialect {
    SQLITE("sqlite"),
    POSTGRES("postgresql");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    static Dialect of(String type) {
        if (type == null) {
            throw new IllegalArgumentException("database type is required (sqlite or postgres)");
        }
        return switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "sqlite", "sqlite3" -> SQLITE;
            case "postgres", "postgresql" -> POSTGRES;
            default ->
                throw new IllegalArgumentException(
                        "unknown database type '" + type + "' (expected sqlite or postgres)");
        };
    }

    String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }
}
