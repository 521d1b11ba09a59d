package imbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import imbridge.core.testing.InMemoryCloudStore;
import imbridge.core.util.Backoff;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneSyncerTest {
    private final InMemoryCloudStore store = new InMemoryCloudStore();
    private final List<Duration> waits = new ArrayList<>();
    private final Waiter recordingWaiter = (d, token) -> waits.add(d);
    private final SyncSettings settings =
            new SyncSettings(5, 3, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), Duration.ofMinutes(1));
    private final ZoneSyncer syncer = new ZoneSyncer(store, settings, recordingWaiter);

    private static ZonePage<CloudAttachment> page(String token, boolean more, String... names) {
        List<CloudAttachment> records = new ArrayList<>();
        for (String n : names) {
            records.add(new CloudAttachment(n, "g-" + n, "image/png", "public.png", n + ".png", 1, null, null));
        }
        return new ZonePage<>(records, List.of(), List.of(), token, more);
    }

    private long ingest(ZonePage<CloudAttachment> p) {
        store.ingestAttachmentPage(p.records(), p.deletedRecordNames(), p.rejects(), p.syncToken());
        return 0;
    }

    @Test
    void pagesUntilMoreComingIsFalseAndStoresEveryToken() throws Exception {
        List<String> asked = new ArrayList<>();
        ZoneSyncResult r = syncer.sync(
                Zone.ATTACHMENTS,
                token -> {
                    asked.add(String.valueOf(token));
                    return switch (String.valueOf(token)) {
                        case "null" -> page("t1", true, "a", "b");
                        case "t1" -> page("t2", true, "c");
                        default -> page("t3", false, "d");
                    };
                },
                this::ingest,
                new CancellationToken());
        assertThat(asked).containsExactly("null", "t1", "t2");
        assertThat(r.pages()).isEqualTo(3);
        assertThat(r.records()).isEqualTo(4);
        assertThat(store.tokenWrites).containsExactly("ATTACHMENTS:t1", "ATTACHMENTS:t2", "ATTACHMENTS:t3");
    }

    @Test
    void resumesFromTheStoredToken() throws Exception {
        store.tokens.put(Zone.ATTACHMENTS, "t7");
        List<String> asked = new ArrayList<>();
        syncer.sync(
                Zone.ATTACHMENTS,
                token -> {
                    asked.add(token);
                    return page("t8", false, "x");
                },
                this::ingest,
                new CancellationToken());
        assertThat(asked).containsExactly("t7");
    }

    @Test
    void retriesAFailedPageHonouringRetryAfterThenSucceeds() throws Exception {
        int[] calls = {0};
        syncer.sync(
                Zone.ATTACHMENTS,
                token -> {
                    calls[0]++;
                    if (calls[0] == 1) {
                        throw new CloudSourceException("THROTTLED", "slow down", Duration.ofSeconds(7), true, null);
                    }
                    if (calls[0] == 2) {
                        throw new CloudSourceException("INTERNAL_ERROR", "boom", null, true, null);
                    }
                    return page("t1", false, "a");
                },
                this::ingest,
                new CancellationToken());
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(1));
        assertThat(store.attachments).hasSize(1);
    }

    @Test
    void serverHintIsCapped() throws Exception {
        int[] calls = {0};
        syncer.sync(
                Zone.ATTACHMENTS,
                token -> {
                    if (calls[0]++ == 0) {
                        throw new CloudSourceException("THROTTLED", "", Duration.ofHours(2), true, null);
                    }
                    return page("t1", false);
                },
                this::ingest,
                new CancellationToken());
        assertThat(waits).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void threeConsecutiveFailuresFailThePassWithoutWritingAToken() {
        assertThatThrownBy(() -> syncer.sync(
                        Zone.ATTACHMENTS,
                        token -> {
                            throw new CloudSourceException("TRY_AGAIN_LATER", "down", null, true, null);
                        },
                        this::ingest,
                        new CancellationToken()))
                .isInstanceOf(SyncFailedException.class)
                .hasMessageContaining("3 consecutive");
        assertThat(store.tokenWrites).isEmpty();
        assertThat(waits).hasSize(2);
    }

    @Test
    void aTokenThatStopsAdvancingIsRetriedAndThenFailsThePass() {
        int[] calls = {0};
        assertThatThrownBy(() -> syncer.sync(
                        Zone.ATTACHMENTS,
                        token -> {
                            calls[0]++;
                            return page("same", true, "r" + calls[0]);
                        },
                        this::ingest,
                        new CancellationToken()))
                .isInstanceOf(SyncFailedException.class)
                .hasMessageContaining("token did not advance");
        assertThat(calls[0]).isEqualTo(4); // the first page, then three stalled ones
        assertThat(waits).hasSize(2);
    }

    @Test
    void aStallThatRecoversLosesNothing() throws Exception {
        int[] calls = {0};
        ZoneSyncResult r = syncer.sync(
                Zone.ATTACHMENTS,
                token -> switch (++calls[0]) {
                    case 1 -> page("t1", true, "a");
                    case 2 -> page("t1", true); // stalled: no records, same token
                    default -> page("t2", false, "b");
                },
                this::ingest,
                new CancellationToken());
        assertThat(r.records()).isEqualTo(2);
        assertThat(store.tokens.get(Zone.ATTACHMENTS)).isEqualTo("t2");
        assertThat(waits).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void anExpiredChangeTokenResetsTheZoneAndRePullsIt() throws Exception {
        store.tokens.put(Zone.ATTACHMENTS, "old");
        List<String> asked = new ArrayList<>();
        ZoneSyncResult r = syncer.sync(
                Zone.ATTACHMENTS,
                token -> {
                    asked.add(String.valueOf(token));
                    if ("old".equals(token)) {
                        throw new CloudSourceException("CHANGE_TOKEN_EXPIRED", "too old", null, false, null);
                    }
                    return "null".equals(String.valueOf(token)) ? page("n1", true, "a") : page("n2", false, "b");
                },
                this::ingest,
                new CancellationToken());
        assertThat(asked).containsExactly("old", "null", "n1");
        assertThat(r.records()).isEqualTo(2);
        assertThat(waits).isEmpty();
        assertThat(store.tokens.get(Zone.ATTACHMENTS)).isEqualTo("n2");
    }

    @Test
    void aTokenThatKeepsExpiringFailsThePass() {
        assertThatThrownBy(() -> syncer.sync(
                        Zone.ATTACHMENTS,
                        token -> {
                            throw new CloudSourceException("CHANGE_TOKEN_EXPIRED", "too old", null, false, null);
                        },
                        this::ingest,
                        new CancellationToken()))
                .isInstanceOf(SyncFailedException.class)
                .hasMessageContaining("expired again");
    }

    @Test
    void thePageLimitFailsThePass() {
        int[] calls = {0};
        assertThatThrownBy(() -> syncer.sync(
                        Zone.ATTACHMENTS,
                        token -> page("t" + (++calls[0]), true, "r"),
                        this::ingest,
                        new CancellationToken()))
                .isInstanceOf(SyncFailedException.class)
                .hasMessageContaining("page limit 5");
        assertThat(calls[0]).isEqualTo(5);
    }

    @Test
    void cancellationStopsRetrying() {
        CancellationToken cancel = new CancellationToken();
        SyncSettings many = new SyncSettings(5, 100, settings.pageBackoff(), Duration.ofMinutes(1));
        ZoneSyncer s = new ZoneSyncer(store, many, (d, token) -> cancel.cancel());
        assertThatThrownBy(() -> s.sync(
                        Zone.ATTACHMENTS,
                        token -> {
                            throw new CloudSourceException("TRANSPORT", "refused", null, true, null);
                        },
                        this::ingest,
                        cancel))
                .isInstanceOf(imbridge.core.util.CancelledException.class);
    }
}
