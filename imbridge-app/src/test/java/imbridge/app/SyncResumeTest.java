package imbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.cloudkit.CloudKitClient;
import imbridge.cloudkit.CloudKitConfig;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSource;
import imbridge.core.port.CloudSourceException;
import imbridge.core.port.CloudStore;
import imbridge.core.portal.PortalIdResolver;
import imbridge.core.sync.SyncPass;
import imbridge.core.sync.SyncPassResult;
import imbridge.core.sync.SyncSettings;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.Waiter;
import imbridge.sim.cloudkit.CloudKitSimulator;
import imbridge.sim.cloudkit.SimConfig;
import imbridge.store.Database;
import imbridge.store.DatabaseConfig;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash in the middle of the message zone resumes from the last committed page: nothing lost, nothing twice. */
class SyncResumeTest {

    /** Delegates to the real client and "crashes" (throws an unchecked error) on the Nth message page. */
    private static final class CrashingSource implements CloudSource {
        private final CloudSource real;
        private final int crashOnMessagePage;
        final AtomicInteger messagePages = new AtomicInteger();

        CrashingSource(CloudSource real, int crashOnMessagePage) {
            this.real = real;
            this.crashOnMessagePage = crashOnMessagePage;
        }

        @Override
        public ZonePage<CloudChat> chatChanges(String token) throws CloudSourceException {
            return real.chatChanges(token);
        }

        @Override
        public ZonePage<CloudMessage> messageChanges(String token) throws CloudSourceException {
            if (messagePages.incrementAndGet() == crashOnMessagePage) {
                throw new IllegalStateException("simulated crash");
            }
            return real.messageChanges(token);
        }

        @Override
        public ZonePage<CloudAttachment> attachmentChanges(String token) throws CloudSourceException {
            return real.attachmentChanges(token);
        }

        @Override
        public InputStream openAsset(CloudAttachment attachment) throws CloudSourceException {
            return real.openAsset(attachment);
        }
    }

    @Test
    void resumesFromTheLastCommittedPage(@TempDir Path dir) throws Exception {
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(3, 12, 3000));
                Database db = Database.open(DatabaseConfig.sqlite(dir.resolve("t.db")))) {
            CloudStore store = db.cloudStore("login");
            CloudKitClient client = new CloudKitClient(
                    new CloudKitConfig(sim.databaseUrl(), null, 100, Duration.ofSeconds(30)),
                    HttpClient.newHttpClient());
            PortalIdResolver resolver = new PortalIdResolver(List.of("tel:+15550000001", "mailto:owner@icloud.com"));
            int totalPages = (3000 + 99) / 100;

            CrashingSource crashing = new CrashingSource(client, 11);
            assertThatThrownBy(() -> pass(crashing, store, resolver).run(new CancellationToken()))
                    .hasMessageContaining("simulated crash");
            // An empty cache syncs messages as a bulk load: the ten committed pages are staged with their token and
            // become readable when the zone completes (after the resume), not page by page.
            assertThat(store.syncToken(imbridge.core.model.Zone.MESSAGES)).isPresent();
            assertThat(messageCount(store)).isZero();

            CrashingSource resumed = new CrashingSource(client, Integer.MAX_VALUE);
            SyncPassResult result = pass(resumed, store, resolver).run(new CancellationToken());
            assertThat(resumed.messagePages.get()).isEqualTo(totalPages - 10);
            assertThat(result.messages().records()).isEqualTo(3000 - 10 * 100);
            assertThat(messageCount(store)).isEqualTo(sim.dataset().messages().size());
            assertThat(store.rejectCount()).isZero();

            // a pass after completion asks once from the saved token and changes nothing
            CrashingSource again = new CrashingSource(client, Integer.MAX_VALUE);
            pass(again, store, resolver).run(new CancellationToken());
            assertThat(again.messagePages.get()).isEqualTo(1);
            assertThat(messageCount(store)).isEqualTo(3000);
        }
    }

    private static SyncPass pass(CloudSource source, CloudStore store, PortalIdResolver resolver) {
        return new SyncPass(source, store, resolver, SyncSettings.defaults(), Waiter.real(), Clock.systemUTC());
    }

    private static long messageCount(CloudStore store) {
        return store.portalCandidates().stream()
                .mapToLong(PortalCandidate::messageCount)
                .sum();
    }
}
