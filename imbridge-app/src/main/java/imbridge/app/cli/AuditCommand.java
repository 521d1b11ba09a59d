package imbridge.app.cli;

import imbridge.app.audit.Audit;
import imbridge.app.audit.AuditPrinter;
import imbridge.app.audit.AuditResult;
import imbridge.app.config.BridgeConfig;
import imbridge.app.verify.ReportJson;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Checks a deployment without a simulator: compares the bridge's synced CloudKit "
                + "cache (the live messages of every portal that should exist) with the portal rooms, read through the "
                + "homeserver's standard Client-Server API. Lists gaps and duplicates per room and exits 1 if there are any "
                + "(or parts out of order). Changes nothing: the database is opened read-only.")
final class AuditCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--config"},
            required = true,
            description = "the bridge's config.yaml")
    Path config;

    @Option(names = "--portal", description = "audit only this portal ID (e.g. tel:+15551234567 or gid:…)")
    String portal;

    @Option(names = "--report-json", description = "also write the report as JSON to this file")
    Path reportJson;

    @Option(
            names = "--check-media",
            description = "also download every delivered file and compare its size and "
                    + "SHA-256 with the attachment record")
    boolean checkMedia;

    @Option(
            names = "--list-limit",
            defaultValue = "" + Audit.Options.DEFAULT_LIST_LIMIT,
            description = "problems " + "listed per kind; counts are always complete (default ${DEFAULT-VALUE})")
    int listLimit;

    @Override
    public Integer call() throws Exception {
        BridgeConfig cfg = ConfigLoading.load(config);
        if (listLimit < 0) {
            System.err.println("imbridge audit: --list-limit must not be negative");
            return 2;
        }
        System.setProperty("imbridge.console.level", "WARN");
        AuditResult result;
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            result = new Audit(cfg, http).run(new Audit.Options(portal, checkMedia, listLimit));
        } catch (UncheckedIOException e) {
            throw new CommandFailure(
                    "cannot read the homeserver at " + cfg.homeserver().address() + ": " + e.getMessage(),
                    CommandFailure.HOMESERVER_READ_FIX,
                    e);
        } catch (RuntimeException e) {
            // the database: missing, unreachable, no or an older schema (the message names it)
            throw new CommandFailure(
                    e.getMessage(),
                    "check database.uri; the bridge creates the database and upgrades its schema when it starts",
                    e);
        }
        if (portal != null
                && result.report().portals().isEmpty()
                && result.deletedPortals().isEmpty()) {
            System.err.println("imbridge audit: no portal " + portal + " in the cache, the bridge's portals or the "
                    + "bot's rooms");
            return 2;
        }
        AuditPrinter.print(result, System.out);
        if (reportJson != null) {
            ReportJson.write(result.report(), reportJson);
            System.out.println("report written to " + reportJson.toAbsolutePath());
        }
        return result.exitCode();
    }
}
