package imbridge.core.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import imbridge.core.model.CloudAttachment;
import imbridge.core.testing.RecordingGateway;
import imbridge.core.util.Ticker;
import imbridge.core.util.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A WARN asks an operator to act. A hedged copy cancelled because the other won is by design (no WARN, nothing
 * abandoned); attachments given up are logged at INFO one by one with their reason code, counted, and summed up in
 * one WARN per portal run.
 */
class AttachmentWarningsTest {
    private final ScriptedAssets assets = new ScriptedAssets();
    private final InMemoryAttachmentLedger ledger = new InMemoryAttachmentLedger();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger pipelineLog = (Logger) LoggerFactory.getLogger("imbridge.core.attachment");
    private Level levelBefore;
    private AttachmentPipeline pipeline;

    @BeforeEach
    void captureLogs() {
        levelBefore = pipelineLog.getLevel();
        pipelineLog.setLevel(Level.INFO); // what imbridge.log holds by default
        logged.start();
        pipelineLog.addAppender(logged);
    }

    @AfterEach
    void release() {
        assets.release.countDown();
        if (pipeline != null) {
            pipeline.close();
        }
        pipelineLog.detachAppender(logged);
        pipelineLog.setLevel(levelBefore);
    }

    private AttachmentPipeline pipeline(AttachmentPipeline.Settings settings) {
        pipeline = new AttachmentPipeline(
                assets,
                new RecordingGateway(),
                ledger,
                settings,
                Clock.systemUTC(),
                Ticker.SYSTEM,
                Waiter.real(),
                () -> {});
        return pipeline;
    }

    private List<ILoggingEvent> at(Level level) {
        return logged.list.stream().filter(e -> e.getLevel() == level).toList();
    }

    @Test
    @Timeout(60)
    void aHedgedCopyCancelledBecauseTheOtherWonWarnsAboutNothing() throws Exception {
        CloudAttachment a = ScriptedAssets.attachment("hedged", 64);
        assets.stallFirst.put("hedged", 1); // the first request stays silent: the hedge answers, the first is cancelled
        AttachmentPipeline p = pipeline(
                new AttachmentPipeline.Settings(4, Duration.ofMinutes(5), 3, Duration.ZERO, Duration.ofMillis(20)));

        assertThat(p.await("portal", a)).isInstanceOf(AttachmentOutcome.Ready.class);
        p.warnAbandoned("portal");

        assertThat(assets.attemptsOf("hedged")).isEqualTo(2);
        assertThat(p.stats().forPortal("portal").abandoned()).isZero();
        assertThat(at(Level.WARN)).isEmpty();
    }

    @Test
    void attachmentsGivenUpAreInfoEachAndOneWarnPerPortalWithTheCount() throws Exception {
        AttachmentPipeline p = pipeline(new AttachmentPipeline.Settings(4, Duration.ofSeconds(5), 3, Duration.ZERO));
        List<CloudAttachment> broken = List.of(
                ScriptedAssets.attachment("big-1", 16),
                ScriptedAssets.attachment("big-2", 16),
                ScriptedAssets.attachment("big-3", 16));
        broken.forEach(a -> assets.failFirst.put(a.recordName(), Integer.MAX_VALUE));
        CloudAttachment other = ScriptedAssets.attachment("small-1", 16);
        assets.failFirst.put(other.recordName(), Integer.MAX_VALUE);

        for (CloudAttachment a : broken) {
            assertThat(p.await("big", a)).isInstanceOf(AttachmentOutcome.Abandoned.class);
        }
        assertThat(p.await("small", other)).isInstanceOf(AttachmentOutcome.Abandoned.class);

        assertThat(at(Level.WARN)).as("nothing before the portal's run ends").isEmpty();
        assertThat(at(Level.INFO))
                .filteredOn(e -> e.getFormattedMessage().contains("reason=RETRIES_EXHAUSTED"))
                .hasSize(4);
        assertThat(p.stats().forPortal("big").abandoned()).isEqualTo(3);

        p.warnAbandoned("big");
        p.warnAbandoned("big"); // already summed up: no second line
        p.warnAbandoned("small");

        assertThat(at(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "portal=big: 3 attachment(s) could not be downloaded after their retries and went as notices "
                                + "(last error: injected failure 3 of big-3); once the cause is fixed, retry them "
                                + "with retry-attachments",
                        "portal=small: 1 attachment(s) could not be downloaded after their retries and went as "
                                + "notices (last error: injected failure 3 of small-1); once the cause is fixed, "
                                + "retry them with retry-attachments");
    }
}
