package imbridge.app.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every file of the bad-input corpus ({@code src/test/resources/corpus/<surface>/<kind>.yaml}) against the
 * real surface it names and checks the outcome the file expects: a clear error or a quarantined record with its
 * reason, the good data around the bad input intact, within the case's time bound and this JVM's heap. A case
 * marked {@code pending} is skipped with its reason (the code is known to disagree for now).
 */
class BadInputCorpusTest {
    /** Issue 16 asks for at least this many distinct kinds; the count may grow, never silently shrink. */
    static final int MIN_KINDS = 50;

    private static final Map<String, SurfaceDriver> DRIVERS = Map.of(
            "appservice", new AppserviceDriver(),
            "cloudkit", new CloudKitDriver(),
            "assets", new AssetDriver(),
            "live", new LiveStreamDriver(),
            "chatdb", new ChatDbDriver(),
            "blobs", new BlobDriver(),
            "config", new ConfigDriver());

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyCaseEndsAsItsFileSays() throws Exception {
        String only = System.getProperty("corpus.case", ""); // e.g. -Dcorpus.case=live/ to run one surface
        return cases().stream()
                .filter(c -> c.toString().contains(only))
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    @Test
    void theCorpusHoldsAtLeastFiftyKindsOnEverySurface() throws Exception {
        List<CorpusCase> cases = cases();
        assertThat(cases.stream().map(CorpusCase::toString).distinct().count()).isGreaterThanOrEqualTo(MIN_KINDS);
        assertThat(cases.stream().map(CorpusCase::surface).distinct())
                .containsExactlyInAnyOrderElementsOf(DRIVERS.keySet());
        assertThat(cases)
                .allSatisfy(c -> assertThat(c.why()).as(c + " says why").isNotBlank());
    }

    private void check(CorpusCase c) throws Exception {
        Assumptions.assumeTrue(c.pending() == null, () -> c + " pending: " + c.pending());
        Path dir = Files.createDirectories(work.resolve(c.surface() + "-" + c.kind()));
        Outcome outcome = assertTimeoutPreemptively(
                c.timeout(),
                () -> DRIVERS.get(c.surface()).run(c.expanded(), dir),
                () -> c + " did not end in " + c.timeout());
        SoftAssertions soft = new SoftAssertions();
        CorpusCase.Expectation expect = c.expect();
        if (expect.error() == null) {
            soft.assertThat(outcome.error()).as(c + ": no error").isNull();
        } else {
            soft.assertThat(outcome.error()).as(c + ": the error").isNotNull().contains(expect.error());
        }
        for (String reason : expect.quarantined()) {
            soft.assertThat(outcome.quarantined())
                    .as(c + ": quarantined with " + reason)
                    .anySatisfy(r -> assertThat(r).contains(reason));
        }
        if (expect.quarantined().isEmpty()) {
            soft.assertThat(outcome.quarantined())
                    .as(c + ": nothing quarantined")
                    .isEmpty();
        }
        soft.assertThat(outcome.survivors()).as(c + ": the good data around it").containsAll(expect.survivors());
        soft.assertAll();
    }

    static List<CorpusCase> cases() throws IOException, URISyntaxException {
        Path root = Path.of(BadInputCorpusTest.class.getResource("/corpus").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> yaml =
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            List<CorpusCase> cases = new java.util.ArrayList<>();
            for (Path file : yaml) {
                cases.add(CorpusCase.read(file));
            }
            return cases;
        }
    }
}
