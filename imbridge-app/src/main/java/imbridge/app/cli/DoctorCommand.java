package imbridge.app.cli;

import imbridge.app.doctor.CheckResult;
import imbridge.app.doctor.Doctor;
import imbridge.app.doctor.DoctorReport;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "Checks a deployment before (or while) the bridge runs: the config, the database (opens, "
                + "migrates, writable), the homeserver (versions, as_token, appservice ping, media) and the history "
                + "source (reachable, token accepted, or the chat.db / backup readable). Prints PASS or FAIL per check "
                + "and the fix for each failure; exits 0 only when nothing failed.")
final class DoctorCommand implements Callable<Integer> {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Option(
            names = {"-c", "--config"},
            required = true,
            description = "the bridge's config.yaml")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        System.setProperty("imbridge.console.level", "OFF");
        List<CheckResult> results;
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build()) {
            results = new Doctor(http).run(config);
        }
        DoctorReport.print(results, spec.commandLine().getOut());
        return DoctorReport.allPassed(results) ? 0 : 1;
    }
}
