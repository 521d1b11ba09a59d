package imbridge.cloudkit;

import java.net.http.HttpClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link CannedCloudKitServer} and a {@link CloudKitClient} pointed at it, fresh for each test and closed after it:
 * register it with {@code @RegisterExtension} so a test says only what the server answers and what it expects.
 */
final class CannedCloudKit implements BeforeEachCallback, AfterEachCallback {
    private CannedCloudKitServer server;
    private HttpClient http;
    private CloudKitClient client;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = CannedCloudKitServer.start();
        http = TestClients.loopbackHttp();
        client = new CloudKitClient(CloudKitConfig.of(server.databaseUrl()), http);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
        http.close();
    }

    CannedCloudKitServer server() {
        return server;
    }

    HttpClient http() {
        return http;
    }

    CloudKitClient client() {
        return client;
    }
}
