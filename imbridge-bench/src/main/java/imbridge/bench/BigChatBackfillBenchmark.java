package imbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.DemoRun;
import imbridge.app.verify.VerificationReport;
import imbridge.core.util.CancellationToken;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Scenario benchmark: forward backfill of one 27,000-message chat (10 % with attachments, asset faults on)
 * from the CloudKit simulator into the homeserver double over loopback, on SQLite. Prints the chat's
 * messages per second and the ratio of its wall time to the lower bound (the larger of the simulator's
 * download bound at 32 in flight and the parts divided by the double's measured single-room ingest rate).
 *
 * <p>Arguments (all optional): {@code messages} in the big chat (27000), {@code seed} (5), {@code faults}
 * (assets), {@code chats} (1: the big chat alone; more adds smaller chats that run beside it, as in the demo)
 * and {@code total} messages (the big chat's own count with one chat, else 60000).
 * Not a test: run it by hand, see the README.
 */
public final class BigChatBackfillBenchmark {
    private BigChatBackfillBenchmark() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 27_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 5;
        String faults = args.length > 2 ? args[2] : "assets";
        int chats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int total = args.length > 4 ? Integer.parseInt(args[4]) : chats == 1 ? messages : 60_000;
        Path dir = Files.createTempDirectory("imbridge-bench-");
        System.setProperty("imbridge.log.dir", dir.toString());
        System.setProperty("imbridge.console.level", "WARN");
        Path report = dir.resolve("report.json");
        DemoOptions options = new DemoOptions(
                seed,
                chats,
                total,
                dir,
                report,
                "basic",
                DemoOptions.parseFaults(faults),
                false,
                Duration.ofSeconds(3),
                messages,
                0.1);
        System.out.printf(
                "big-chat forward backfill benchmark: %d messages in the big chat, %d chat(s), seed %d, "
                        + "faults %s, data in %s%n",
                messages, chats, seed, faults, dir);
        VerificationReport verdict;
        try (DemoEnvironment env = DemoEnvironment.start(options);
                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            verdict = new DemoRun(options, quiet, (what, e) -> {
                        System.err.println("fatal: " + what + ": " + e);
                        e.printStackTrace();
                        Runtime.getRuntime().halt(3);
                    })
                    .run(env, new CancellationToken());
        }
        JsonNode big = new ObjectMapper().readTree(report.toFile()).path("bigChat");
        long wall = big.path("wallMs").asLong();
        long parts = big.path("parts").asLong();
        double perSecond = wall > 0 ? messages * 1000.0 / wall : 0;
        System.out.printf("verification: %s%n", verdict.ok() ? "PASS" : "FAIL");
        System.out.printf(
                "wall %d ms for %d messages (%d parts): %.0f messages/s, %.0f parts/s%n",
                wall, messages, parts, perSecond, wall > 0 ? parts * 1000.0 / wall : 0);
        System.out.printf(
                "lower bound %d ms (downloads %d ms, sends %d ms at %d events/s): ratio %.2f%n",
                big.path("lowerBoundMs").asLong(),
                big.path("downloadBoundMs").asLong(),
                big.path("sendBoundMs").asLong(),
                big.path("ingestRatePerSec").asLong(),
                big.path("ratio").asDouble());
        System.out.printf(
                "downloads: %d attempted, %d succeeded, %d abandoned, peak %d in flight%n",
                big.path("downloadsAttempted").asLong(),
                big.path("downloadsSucceeded").asLong(),
                big.path("downloadsAbandoned").asLong(),
                big.path("peakConcurrentDownloads").asLong());
        System.exit(verdict.ok() ? 0 : 1);
    }
}
