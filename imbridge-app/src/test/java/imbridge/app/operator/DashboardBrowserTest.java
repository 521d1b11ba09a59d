package imbridge.app.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import imbridge.app.config.OperatorConfig;
import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.CancellationToken;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser (Debian's headless {@code chromium} through {@code chromium-driver}) against a
 * running bridge that bridges a simulated account with broken assets into the homeserver double: the progress bars
 * advance, portals reach "done", a broken attachment is listed with its error, the retry button calls the admin API,
 * the page fits a phone's width, and the browser's console shows no error. It leaves a screenshot taken during the
 * backfill in {@code target/dashboard.png} ({@code docs/dashboard.png} is one of those).
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theDashboardShowsABackfillLiveAndItsRetryButtonCallsTheApi(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver (.ci/run installs them when missing)");
        }
        DemoOptions options = new DemoOptions(
                3, 5, 1500, dir, null, "basic", Set.of("assets"), false, Duration.ofSeconds(3), 600, 0.3);
        ChromeDriver browser = null;
        try (DemoEnvironment env = DemoEnvironment.start(options);
                BridgeRuntime bridge = new BridgeRuntime(
                        env.config().withOperator(OperatorConfig.loopback(0)),
                        BackfillProgress.NONE,
                        (w, e) -> fail(w, e))) {
            bridge.start();
            browser = chromium(dir.resolve("chromium-profile"));
            browser.get("http://127.0.0.1:" + bridge.operatorPort() + "/");
            CompletableFuture<BridgeRuntime.InitialSyncResult> sync =
                    CompletableFuture.supplyAsync(() -> initialSync(bridge));

            ChromeDriver page = browser;
            Set<Long> progressSeen = new TreeSet<>();
            Path screenshot = Path.of("target", "dashboard.png");
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        long total = progressTotal(page);
                        if (total > 0 && progressSeen.add(total) && progressSeen.size() == 2) {
                            Files.copy(
                                    page.getScreenshotAs(OutputType.FILE).toPath(),
                                    screenshot,
                                    StandardCopyOption.REPLACE_EXISTING);
                        }
                        return progressSeen.size() >= 2
                                && !page.findElements(By.cssSelector(".portal .status.done"))
                                        .isEmpty();
                    });
            assertThat(screenshot).as("taken while the bars advanced").exists();

            assertThat(sync.get(3, TimeUnit.MINUTES).backfill().failedPortals()).isEmpty();
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(page.findElement(By.id("phase")).getText()).isEqualTo("live");
                assertThat(page.findElements(By.cssSelector(".portal .status")))
                        .extracting(WebElement::getText)
                        .containsOnly("done");
                List<WebElement> broken = page.findElements(By.cssSelector("#attachments li.attachment"));
                assertThat(broken).isNotEmpty();
                assertThat(broken.getFirst().getText()).contains("(given up)");
                assertThat(broken.getFirst().findElement(By.className("error")).getText())
                        .isNotBlank()
                        .isNotEqualTo("no error text");
            });

            page.findElement(By.id("retry-attachments")).click();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(page.findElement(By.id("message")).getText())
                                    .contains("Retrying attachments"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(page.findElements(By.cssSelector("#outcomes li.outcome")))
                            .extracting(WebElement::getText)
                            .anySatisfy(t -> assertThat(t).contains("retry-attachments: Forgot")));

            page.manage().window().setSize(new Dimension(390, 844)); // a phone
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat((Long) ((JavascriptExecutor) page)
                                    .executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                            .as("no sideways scrolling on a phone-sized screen")
                            .isLessThanOrEqualTo(0L));

            List<LogEntry> errors = page.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                    .toList();
            assertThat(errors).as("the browser console's errors").isEmpty();
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    private static BridgeRuntime.InitialSyncResult initialSync(BridgeRuntime bridge) {
        try {
            return bridge.initialSync(new CancellationToken());
        } catch (imbridge.core.util.CancelledException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of every portal bar's value: grows while the backfill sends. */
    private static long progressTotal(ChromeDriver page) {
        Object total = page.executeScript("return Array.from(document.querySelectorAll('.portal progress'))"
                + ".reduce((sum, bar) => sum + bar.value, 0)");
        return total instanceof Number n ? n.longValue() : 0;
    }

    /**
     * Headless Chromium with nothing of its own going to the network (the machine refuses other connections), in a
     * fresh profile.
     */
    private static ChromeDriver chromium(Path profile) {
        ChromeOptions chrome = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1280,1000",
                        "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        chrome.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, chrome);
    }
}
