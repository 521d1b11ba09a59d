package imbridge.cloudkit;

import imbridge.sim.cloudkit.CloudKitSimulator;
import java.net.http.HttpClient;
import java.time.Duration;

/** The HTTP and CloudKit clients the client's tests build, in one place so each test states only what differs. */
final class TestClients {
    /** Small pages, so a generated account takes many of them and paging itself is exercised. */
    static final int PAGE = 100;

    private TestClients() {}

    /** A short connect timeout: nothing but loopback is ever reached. */
    static HttpClient loopbackHttp() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Pages of {@link #PAGE} records, 10 s per request, no API token. */
    static CloudKitConfig pagedConfig(CloudKitSimulator sim) {
        return new CloudKitConfig(sim.databaseUrl(), null, PAGE, Duration.ofSeconds(10));
    }

    static CloudKitClient pagedClient(CloudKitSimulator sim, HttpClient http) {
        return new CloudKitClient(pagedConfig(sim), http);
    }
}
