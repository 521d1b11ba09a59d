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
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fetch-ahead of {@link ZoneSyncer}: what is fetched early never changes what commits, or in which order. */
class PrefetchingZoneSyncerTest {
    private final InMemoryCloudStore store = new InMemoryCloudStore();
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private final Waiter recordingWaiter = (d, token) -> waits.add(d);
    private final SyncSettings settings =
            new SyncSettings(50, 3, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), Duration.ofMinutes(1));
    private final ZoneSyncer syncer = new ZoneSyncer(store, settings, recordingWaiter);
    /** What happened, in order, on both threads: "fetch:<token>" and "commit:<token>". */
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private static ZonePage<CloudAttachment> page(String token, boolean more, String... names) {
        List<CloudAttachment> records = new ArrayList<>();
        for (String n : names) {
            records.add(new CloudAttachment(n, "g-" + n, "image/png", "public.png", n + ".png", 1, null, null));
        }
        return new ZonePage<>(records, List.of(), List.of(), token, more);
    }

    private long commit(ZonePage<CloudAttachment> p) {
        store.ingestAttachmentPage(p.records(), p.deletedRecordNames(), p.rejects(), p.syncToken());
        events.add("commit:" + p.syncToken());
        return 0;
    }

    /** t0 -> t1 -> ... -> t{last}: a plain chain of pages. */
    private ZonePage<CloudAttachment> chain(String token, int last) {
        int n = token == null ? 0 : Integer.parseInt(token.substring(1));
        return page("t" + (n + 1), n + 1 < last, "r" + n);
    }

    @Test
    void theNextPageIsFetchedWhileThePreviousOneCommitsAndCommitsStayInOrder() throws Exception {
        CountDownLatch secondFetched = new CountDownLatch(1);
        boolean[] overlapped = {false};
        ZoneSyncResult r = syncer.sync(
                Zone.ATTACHMENTS,
                token -> {
                    events.add("fetch:" + token);
                    if ("t1".equals(token)) {
                        secondFetched.countDown();
                    }
                    return chain(token, 5);
                },
                p -> {
                    if ("t1".equals(p.syncToken())) {
                        // Without a fetch ahead the page after t1 is only asked for once this commit returned.
                        try {
                            overlapped[0] = secondFetched.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return commit(p);
                },
                new CancellationToken());
        assertThat(overlapped[0]).isTrue();
        assertThat(r.pages()).isEqualTo(5);
        assertThat(store.tokenWrites)
                .containsExactly(
                        "ATTACHMENTS:t1", "ATTACHMENTS:t2", "ATTACHMENTS:t3", "ATTACHMENTS:t4", "ATTACHMENTS:t5");
        assertThat(events.stream().filter(e -> e.startsWith("fetch:")).toList())
                .containsExactly("fetch:null", "fetch:t1", "fetch:t2", "fetch:t3", "fetch:t4");
    }

    @Test
    void aPrefetchedPageThatFailsIsRetriedAfterBackOffAndNothingIsSkipped() throws Exception {
        int[] attemptsOfT2 = {0};
        ZoneSyncResult r = syncer.sync(
                Zone.ATTACHMENTS,
                token -> {
                    if ("t2".equals(token) && attemptsOfT2[0]++ < 2) {
                        throw new CloudSourceException("INTERNAL_ERROR", "boom", null, true, null);
                    }
                    return chain(token, 4);
                },
                this::commit,
                new CancellationToken());
        assertThat(attemptsOfT2[0]).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(r.records()).isEqualTo(4);
        assertThat(store.tokenWrites)
                .containsExactly("ATTACHMENTS:t1", "ATTACHMENTS:t2", "ATTACHMENTS:t3", "ATTACHMENTS:t4");
    }

    @Test
    void failuresOfPrefetchedPagesFailTheZoneOnlyAfterTheGoodPagesBeforeThemCommitted() {
        assertThatThrownBy(() -> syncer.sync(
                        Zone.ATTACHMENTS,
                        token -> {
                            if ("t2".equals(token)) {
                                throw new CloudSourceException("TRY_AGAIN_LATER", "down", null, true, null);
                            }
                            return chain(token, 9);
                        },
                        this::commit,
                        new CancellationToken()))
                .isInstanceOf(SyncFailedException.class)
                .hasMessageContaining("3 consecutive");
        assertThat(store.tokenWrites).containsExactly("ATTACHMENTS:t1", "ATTACHMENTS:t2");
    }

    @Test
    void cancellingWhileAPageIsPrefetchedCommitsNothingMoreAndTheNextRunFetchesItAgain() throws Exception {
        CancellationToken cancel = new CancellationToken();
        CountDownLatch aheadFetched = new CountDownLatch(1);
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> syncer.sync(
                        Zone.ATTACHMENTS,
                        token -> {
                            asked.add(String.valueOf(token));
                            if ("t1".equals(token)) {
                                aheadFetched.countDown();
                            }
                            return chain(token, 4);
                        },
                        p -> {
                            commit(p);
                            try { // the page after t1 is in the look-ahead when the login stops
                                assertThat(aheadFetched.await(30, TimeUnit.SECONDS))
                                        .isTrue();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            cancel.cancel();
                            return 0;
                        },
                        cancel))
                .isInstanceOf(CancelledException.class);
        assertThat(asked).contains("t1");
        assertThat(store.tokenWrites).containsExactly("ATTACHMENTS:t1");

        List<String> resumed = new ArrayList<>();
        syncer.sync(
                Zone.ATTACHMENTS,
                token -> {
                    resumed.add(token);
                    return chain(token, 4);
                },
                this::commit,
                new CancellationToken());
        assertThat(resumed).startsWith("t1"); // the prefetched, never committed page is fetched again
        assertThat(store.tokenWrites)
                .containsExactly("ATTACHMENTS:t1", "ATTACHMENTS:t2", "ATTACHMENTS:t3", "ATTACHMENTS:t4");
    }

    @Test
    void aTokenExpiringDuringThePrefetchResetsTheZoneOnlyAfterTheEarlierPagesCommitted() throws Exception {
        store.tokens.put(Zone.ATTACHMENTS, "old");
        List<String> storedTokenAtCommit = Collections.synchronizedList(new ArrayList<>());
        ZoneSyncResult r = syncer.sync(
                Zone.ATTACHMENTS,
                token -> {
                    if ("old".equals(token)) {
                        return page("a1", true, "x");
                    }
                    if ("a1".equals(token)) {
                        throw new CloudSourceException("CHANGE_TOKEN_EXPIRED", "too old", null, false, null);
                    }
                    return token == null ? page("n1", true, "y") : page("n2", false, "z");
                },
                p -> {
                    storedTokenAtCommit.add(p.syncToken() + " over " + store.tokens.get(Zone.ATTACHMENTS));
                    return commit(p);
                },
                new CancellationToken());
        // a1 commits over the saved token; the reset clears it before the re-pull from the beginning commits.
        assertThat(storedTokenAtCommit).containsExactly("a1 over old", "n1 over null", "n2 over n1");
        assertThat(r.records()).isEqualTo(3);
        assertThat(waits).isEmpty();
        assertThat(store.tokens.get(Zone.ATTACHMENTS)).isEqualTo("n2");
    }

    @Test
    void anIngestFailureStopsTheFetchAheadAndLeavesTheLastCommittedToken() {
        assertThatThrownBy(() -> syncer.sync(
                        Zone.ATTACHMENTS,
                        token -> chain(token, 6),
                        p -> {
                            if ("t3".equals(p.syncToken())) {
                                throw new IllegalStateException("disk full");
                            }
                            return commit(p);
                        },
                        new CancellationToken()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("disk full");
        assertThat(store.tokens.get(Zone.ATTACHMENTS)).isEqualTo("t2");
    }
}
