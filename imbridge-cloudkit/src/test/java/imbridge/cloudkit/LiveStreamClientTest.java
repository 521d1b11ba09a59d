package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.LiveEvent;
import imbridge.core.port.LiveSource;
import imbridge.core.port.LiveSourceException;
import imbridge.core.testing.ManualClock;
import imbridge.core.util.CancellationToken;
import imbridge.sim.cloudkit.CloudKitSimulator;
import imbridge.sim.cloudkit.Conversation;
import imbridge.sim.cloudkit.SimConfig;
import imbridge.sim.cloudkit.SimProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link LiveStreamClient} against the real simulator (and a scripted server for broken streams), over loopback. */
class LiveStreamClientTest {

    private static final String TOKEN = "live-secret";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    /** A {@link #silentStreamServer} has answered the stream request. */
    private final AtomicBoolean connected = new AtomicBoolean();

    /** Runs {@link LiveSource#stream} on a thread of its own; {@code ended} holds null for a normal return. */
    private static final class Run {
        final List<LiveEvent> events = new CopyOnWriteArrayList<>();
        final CancellationToken cancel = new CancellationToken();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();

        Run(LiveSource source, LiveSource.Handler extra) {
            Thread.ofVirtual().start(() -> {
                try {
                    source.stream(
                            event -> {
                                extra.onEvent(event);
                                events.add(event);
                            },
                            cancel);
                    ended.complete(null);
                } catch (Throwable t) {
                    ended.complete(t);
                }
            });
        }

        Run(LiveSource source) {
            this(source, event -> {});
        }

        LiveEvent first(LiveEvent.Kind kind) {
            return events.stream().filter(e -> e.kind() == kind).findFirst().orElseThrow();
        }

        Throwable awaitEnd(Duration within) throws Exception {
            return ended.get(within.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static CloudKitSimulator sim(ManualClock clock, double rate, Duration duration) {
        return CloudKitSimulator.start(SimConfig.defaults(13, 8, 400)
                .withProfile(SimProfile.FULL)
                .withApiToken(TOKEN)
                .withClock(clock)
                .withLiveRate(rate)
                .withLiveDuration(duration));
    }

    private LiveStreamClient client(CloudKitSimulator sim) {
        return new LiveStreamClient(CloudKitConfig.of(sim.databaseUrl()).withApiToken(TOKEN), http, json);
    }

    /** Waits until the simulator holds {@code run}'s stream connection. */
    private static Run connected(CloudKitSimulator sim, Run run) {
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.live().connections() == 1);
        return run;
    }

    private static void advance(CloudKitSimulator sim, ManualClock clock, Duration by) {
        for (Duration done = Duration.ZERO; done.compareTo(by) < 0; done = done.plusMillis(100)) {
            clock.advance(Duration.ofMillis(100));
            sim.live().pump();
        }
    }

    @Test
    void decodesEveryKindAndAcknowledgesWhatWasHandled() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = sim(clock, 20, Duration.ofSeconds(20))) {
            Run run = connected(sim, new Run(client(sim)));
            advance(sim, clock, Duration.ofSeconds(26));
            await().atMost(Duration.ofSeconds(10)).until(() -> run.events.size() == 400);
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.live().acked() == 400);

            Set<LiveEvent.Kind> kinds = EnumSet.noneOf(LiveEvent.Kind.class);
            run.events.forEach(e -> kinds.add(e.kind()));
            assertThat(kinds).containsExactlyInAnyOrder(LiveEvent.Kind.values());
            assertThat(run.events).extracting(LiveEvent::seq).isSorted().doesNotHaveDuplicates();
            assertThat(run.events).noneMatch(LiveEvent::stored);
            assertThat(run.events)
                    .filteredOn(e -> e.kind() == LiveEvent.Kind.MESSAGE)
                    .allSatisfy(e -> {
                        assertThat(e.guid()).isEqualTo(e.guid().toUpperCase(Locale.ROOT));
                        assertThat(e.chatId()).isNotBlank();
                        assertThat(e.timestampMs()).isPositive();
                    });
            CloudAttachment attachment = run.events.stream()
                    .flatMap(e -> e.attachments().stream())
                    .findFirst()
                    .orElseThrow();
            assertThat(attachment.downloadUrl()).startsWith(sim.baseUrl() + "/assets/");
            assertThat(attachment.checksumSha256()).hasSize(64);
            assertThat(attachment.size()).isPositive();
            LiveEvent tapback = run.events.stream()
                    .filter(e -> e.extras().isTapback())
                    .findFirst()
                    .orElseThrow();
            assertThat(tapback.extras().tapbackTarget()).hasSize(36);
            LiveEvent edit = run.first(LiveEvent.Kind.EDIT);
            assertThat(edit.targetGuid()).hasSize(36);
            assertThat(edit.newText()).isNotBlank();
            assertThat(run.first(LiveEvent.Kind.PARTICIPANTS).participants()).isNotEmpty();
            assertThat(run.first(LiveEvent.Kind.RENAME).newText()).isNotBlank();
            assertThat(run.first(LiveEvent.Kind.READ_RECEIPT).targetGuid()).hasSize(36);

            run.cancel.cancel();
            assertThat(run.awaitEnd(Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void aNewConnectionEndsTheOldOneAndReplaysTheWindowAsStored() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = sim(clock, 10, Duration.ofSeconds(2))) {
            Run first = connected(sim, new Run(client(sim)));
            advance(sim, clock, Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.live().acked() == 20);

            Run second = new Run(client(sim));
            assertThat(first.awaitEnd(Duration.ofSeconds(5)))
                    .isInstanceOf(LiveSourceException.class)
                    .hasMessageContaining("closed by the server");
            await().atMost(Duration.ofSeconds(5)).until(() -> second.events.size() == 20);
            assertThat(second.events).allMatch(LiveEvent::stored);
            assertThat(second.events).extracting(LiveEvent::eventKey).contains("1:stored", "20:stored");
            assertThat(second.events)
                    .extracting(LiveEvent::guid)
                    .containsExactlyElementsOf(
                            first.events.stream().map(LiveEvent::guid).toList());
            second.cancel.cancel();
            assertThat(second.awaitEnd(Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void acksAnsweredBeforeTheirCallbackIsAttachedStillLetTheNextAckGo() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = sim(clock, 10, Duration.ofSeconds(2))) {
            Run run = connected(
                    sim,
                    new Run(new LiveStreamClient(
                            CloudKitConfig.of(sim.databaseUrl()).withApiToken(TOKEN),
                            new AnsweredAtOnceHttpClient(http),
                            json)));
            for (int step = 0; step < 30; step++) { // an event or so at a time: each gets an ack of its own
                clock.advance(Duration.ofMillis(100));
                sim.live().pump();
                long emitted = sim.live().eventsEmitted();
                await().atMost(Duration.ofSeconds(5)).until(() -> run.events.size() == emitted);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.live().acked() == 20);
            run.cancel.cancel();
            assertThat(run.awaitEnd(Duration.ofSeconds(1))).isNull();
        }
    }

    /**
     * Cancelling ends a stream on which nothing arrives: no line wakes the reader, and its read timeout cannot end it
     * (the ticker never moves), so only the cancellation can.
     */
    @Test
    void cancellingASilentStreamEndsIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = silentStreamServer(release);
        try {
            AtomicLong ticks = new AtomicLong();
            Run run = new Run(new LiveStreamClient(
                    CloudKitConfig.of(database(server)),
                    http,
                    json,
                    LiveStreamClient.DEFAULT_READ_TIMEOUT,
                    ticks::get));
            await().atMost(Duration.ofSeconds(5)).until(connected::get);
            run.cancel.cancel();
            assertThat(run.awaitEnd(Duration.ofSeconds(10))).isNull();
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void sendReturnsApplesGuidAndTheEchoComesBackAsMine() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = sim(clock, 0, Duration.ofSeconds(20))) {
            LiveStreamClient client = client(sim);
            Run run = connected(sim, new Run(client));
            String portal = sim.dataset().conversations().stream()
                    .filter(c -> c.role() == Conversation.Role.ORDINARY)
                    .findFirst()
                    .orElseThrow()
                    .portalId();

            String text = client.send(portal, new LiveSource.Outgoing.Text("hello from Matrix"));
            String file = client.send(
                    portal,
                    new LiveSource.Outgoing.File("a.txt", "text/plain", "bytes".getBytes(StandardCharsets.UTF_8)));
            advance(sim, clock, Duration.ofMillis(500));
            await().atMost(Duration.ofSeconds(5)).until(() -> run.events.size() == 2);

            assertThat(run.events).extracting(LiveEvent::guid).containsExactly(text, file);
            assertThat(run.events).allMatch(LiveEvent::fromMe);
            assertThat(run.events.getFirst().text()).isEqualTo("hello from Matrix");
            assertThat(run.events.get(1).attachments().getFirst().filename()).isEqualTo("a.txt");
            assertThatThrownBy(() -> client.send("tel:+19999999999", new LiveSource.Outgoing.Text("x")))
                    .isInstanceOf(LiveSourceException.class)
                    .hasMessageContaining("no such conversation");
            run.cancel.cancel();
            assertThat(run.awaitEnd(Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void aFailingHandlerEndsTheStreamWithTheEventUnacknowledged() throws Exception {
        ManualClock clock = new ManualClock();
        try (CloudKitSimulator sim = sim(clock, 10, Duration.ofSeconds(2))) {
            Run run = new Run(client(sim), event -> {
                if (event.seq() == 5) {
                    throw new IllegalStateException("disk full");
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.live().connections() == 1);
            advance(sim, clock, Duration.ofSeconds(3));
            assertThat(run.awaitEnd(Duration.ofSeconds(5)))
                    .isInstanceOf(LiveSourceException.class)
                    .hasMessageContaining("seq 5")
                    .hasRootCauseMessage("disk full");
            assertThat(sim.live().acked()).isLessThan(5);
            assertThat(run.events).extracting(LiveEvent::seq).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void malformedLinesAreSkippedAndTheEndOfTheBodyIsADisconnect() throws Exception {
        List<String> acks = new CopyOnWriteArrayList<>();
        String body = String.join(
                        "\n",
                        "this is not json",
                        "[1,2]",
                        "{\"seq\":1,\"kind\":\"TELEPORT\",\"stored\":false}",
                        "{\"seq\":2,\"kind\":\"MESSAGE\",\"stored\":false,\"chatId\":\"x\"}",
                        "{\"seq\":3,\"kind\":\"MESSAGE\",\"guid\":\"G\",\"chatId\":\"c\",\"ts\":\"soon\"}",
                        "{\"kind\":\"PING\"}",
                        "{\"seq\":4,\"kind\":\"TYPING\",\"stored\":false,\"chatId\":\"iMessage;-;+15551234567\","
                                + "\"sender\":\"tel:+15551234567\",\"fromMe\":false,\"ts\":1750000000000}")
                + "\n";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/live/v1/stream", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/live/v1/ack", exchange -> {
            acks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String database = "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/database/1/com.apple.messages.cloud/production/private";
            Run run = new Run(new LiveStreamClient(CloudKitConfig.of(database), http, json));
            assertThat(run.awaitEnd(Duration.ofSeconds(5)))
                    .isInstanceOf(LiveSourceException.class)
                    .hasMessageContaining("closed by the server");
            assertThat(run.events).extracting(LiveEvent::seq).containsExactly(4L);
            assertThat(run.events.getFirst().kind()).isEqualTo(LiveEvent.Kind.TYPING);
            assertThat(acks).containsExactly("{\"seq\":4}");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theReaderTakesTheNextEventWhileAnAckIsOnItsWayAndAFailedAckEndsTheStream() throws Exception {
        String typing = "{\"seq\":%d,\"kind\":\"TYPING\",\"stored\":false,\"chatId\":\"iMessage;-;+15551234567\","
                + "\"sender\":\"tel:+15551234567\",\"fromMe\":false,\"ts\":1750000000000}\n";
        CountDownLatch firstAckArrived = new CountDownLatch(1);
        CountDownLatch answerAcks = new CountDownLatch(1);
        CountDownLatch endStream = new CountDownLatch(1);
        List<String> acks = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/live/v1/stream", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(typing.formatted(1).getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                firstAckArrived.await(10, TimeUnit.SECONDS);
                out.write(typing.formatted(2).getBytes(StandardCharsets.UTF_8)); // while ack 1 is unanswered
                out.flush();
                endStream.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/live/v1/ack", exchange -> {
            acks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            firstAckArrived.countDown();
            try {
                answerAcks.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String database = "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/database/1/com.apple.messages.cloud/production/private";
            Run run = new Run(new LiveStreamClient(CloudKitConfig.of(database), http, json));
            await().atMost(Duration.ofSeconds(5)).until(() -> run.events.size() == 2);
            assertThat(acks)
                    .as("the second event was handled before the first ack was answered")
                    .containsExactly("{\"seq\":1}");
            answerAcks.countDown(); // the ack fails: the stream ends, both events stay unacknowledged at the source
            assertThat(run.awaitEnd(Duration.ofSeconds(5)))
                    .isInstanceOf(LiveSourceException.class)
                    .hasMessageContaining("live ack of seq 1 answered HTTP 503");
        } finally {
            answerAcks.countDown();
            endStream.countDown();
            server.stop(0);
        }
    }

    /** The read timeout runs on the ticker: once it has moved past the timeout without a line, the stream is dead. */
    @Test
    void aSilentConnectionCountsAsDead() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = silentStreamServer(release);
        try {
            AtomicLong ticks = new AtomicLong();
            Run run = new Run(new LiveStreamClient(
                    CloudKitConfig.of(database(server)), http, json, Duration.ofSeconds(6), ticks::get));
            await().atMost(Duration.ofSeconds(5)).until(connected::get);
            assertThat(run.ended).as("silent for no time yet").isNotDone();
            ticks.addAndGet(Duration.ofSeconds(7).toNanos());
            assertThat(run.awaitEnd(Duration.ofSeconds(10)))
                    .isInstanceOf(LiveSourceException.class)
                    .hasMessageContaining("silent for 6000 ms");
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    /** Answers the stream request with its headers, then sends nothing until {@code release}. */
    private HttpServer silentStreamServer(CountDownLatch release) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/live/v1/stream", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().flush();
            connected.set(true);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String database(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort()
                + "/database/1/com.apple.messages.cloud/production/private";
    }
}
