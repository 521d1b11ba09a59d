package imbridge.cloudkit;

import static org.awaitility.Awaitility.await;

import imbridge.core.model.Zone;
import imbridge.core.testing.ManualClock;
import imbridge.sim.cloudkit.CloudKitSimulator;
import imbridge.sim.cloudkit.SimConfig;
import imbridge.sim.cloudkit.SimProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real wire bytes from the simulator, the seeds the fuzz properties mutate: the first {@code changes/zone} answer of
 * every zone of a full-profile account (which holds every record shape, the simulator's own malformed records
 * included) and the first lines of its live stream (every event kind and heartbeats).
 */
final class SimulatorWireSamples {
    private static final int RECORDS_PER_ANSWER = 12;
    private static final int LIVE_LINES = 120;
    /** 100 ms steps of the live phase: 8 s at 20 events a second is more than {@link #LIVE_LINES} lines. */
    private static final int LIVE_STEPS = 80;

    private final Map<Zone, byte[]> answers;
    private final List<String> liveLines;

    private SimulatorWireSamples(Map<Zone, byte[]> answers, List<String> liveLines) {
        this.answers = answers;
        this.liveLines = liveLines;
    }

    /** Captured once per test JVM: both fuzz classes mutate the same samples. */
    private static SimulatorWireSamples captured;

    static synchronized SimulatorWireSamples capture() {
        if (captured == null) {
            captured = captureFromASimulator();
        }
        return captured;
    }

    private static SimulatorWireSamples captureFromASimulator() {
        ManualClock clock = new ManualClock();
        HttpClient http = TestClients.loopbackHttp();
        try (CloudKitSimulator sim = CloudKitSimulator.start(SimConfig.defaults(29, 4, 160)
                .withProfile(SimProfile.FULL)
                .withClock(clock)
                .withLiveRate(20)
                .withLiveDuration(Duration.ofSeconds(10)))) {
            Map<Zone, byte[]> answers = new EnumMap<>(Zone.class);
            for (Zone zone : Zone.values()) {
                answers.put(zone, changes(http, sim, zone));
            }
            return new SimulatorWireSamples(answers, liveLines(http, sim, clock));
        } finally {
            http.close();
        }
    }

    Map<Zone, byte[]> answers() {
        return answers;
    }

    List<String> liveLines() {
        return liveLines;
    }

    private static byte[] changes(HttpClient http, CloudKitSimulator sim, Zone zone) {
        String body = "{\"zones\":[{\"zoneID\":{\"zoneName\":\"" + zone.zoneName() + "\",\"ownerName\":\""
                + CloudKitClient.OWNER_NAME + "\"},\"resultsLimit\":" + RECORDS_PER_ANSWER + "}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.databaseUrl() + "/" + CloudKitClient.CHANGES_ZONE))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("simulator answered " + response.statusCode() + " for " + zone);
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads the stream on a virtual thread while the clock moves the simulator's live phase along. */
    private static List<String> liveLines(HttpClient http, CloudKitSimulator sim, ManualClock clock) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/live/v1/stream"))
                .GET()
                .build();
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null && lines.size() < LIVE_LINES; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closedWithTheSimulator) {
                // the lines read so far are the sample
            }
        });
        for (int step = 0; step < LIVE_STEPS; step++) {
            clock.advance(Duration.ofMillis(100));
            sim.live().pump();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.size() >= LIVE_LINES);
        reader.interrupt();
        return new ArrayList<>(lines);
    }
}
