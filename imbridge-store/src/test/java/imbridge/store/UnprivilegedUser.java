package imbridge.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The account the test PostgreSQL runs under when the build runs as root (PostgreSQL refuses root).
 * {@code nobody} exists on practically every Linux; if it does not, a system user is created on the fly.
 */
record UnprivilegedUser(String name, int uid, int gid) {

    private static final String FALLBACK_NAME = "imbridge-pg";
    /** useradd's exit status when the user already exists (a concurrent build created it). */
    private static final int USERADD_EXISTS = 9;

    static boolean currentIsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    static UnprivilegedUser findOrCreate() {
        Optional<UnprivilegedUser> nobody = lookup("nobody");
        if (nobody.isPresent()) {
            return nobody.get();
        }
        Result created = run(
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                FALLBACK_NAME);
        if (created.status() != 0 && created.status() != USERADD_EXISTS) {
            throw new IllegalStateException(
                    "cannot create user " + FALLBACK_NAME + " for PostgreSQL: " + created.output());
        }
        return lookup(FALLBACK_NAME)
                .orElseThrow(() -> new IllegalStateException("user " + FALLBACK_NAME + " missing right after useradd"));
    }

    private static Optional<UnprivilegedUser> lookup(String name) {
        Result uid = run("id", "-u", name);
        Result gid = run("id", "-g", name);
        if (uid.status() != 0 || gid.status() != 0) {
            return Optional.empty();
        }
        return Optional.of(new UnprivilegedUser(
                name,
                Integer.parseInt(uid.output().trim()),
                Integer.parseInt(gid.output().trim())));
    }

    private static Result run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    private record Result(int status, String output) {}
}
