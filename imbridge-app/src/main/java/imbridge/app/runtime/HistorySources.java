package imbridge.app.runtime;

import imbridge.app.config.BridgeConfig;
import imbridge.app.config.HistorySource;
import imbridge.cloudkit.CloudKitClient;
import imbridge.cloudkit.CloudKitConfig;
import imbridge.cloudkit.LiveStreamClient;
import imbridge.core.port.CloudSource;
import imbridge.core.port.ContactBook;
import imbridge.core.port.LiveSource;
import java.net.http.HttpClient;
import java.util.Optional;

/** Opens the history source the config names: CloudKit, a Mac's chat.db or an iPhone backup. */
final class HistorySources {
    private HistorySources() {}

    /**
     * An open source: history pages and assets, its live channel when it has one, and what to close.
     *
     * @param description what was opened, for the log and {@code status}
     * @param contacts    names and photos for ghosts and DM rooms ({@link ContactBook#NONE}: the raw handles)
     */
    record Opened(
            CloudSource source,
            Optional<LiveSource> live,
            AutoCloseable resources,
            String description,
            ContactBook contacts)
            implements AutoCloseable {
        Opened(CloudSource source, Optional<LiveSource> live, AutoCloseable resources, String description) {
            this(source, live, resources, description, ContactBook.NONE);
        }

        @Override
        public void close() {
            try {
                resources.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(HistorySources.class)
                        .warn("closing {}: {}", description, e.toString());
            }
        }
    }

    static Opened open(BridgeConfig config, HttpClient http) {
        HistorySource source = config.source();
        if (source.isCloudKit()) {
            BridgeConfig.CloudKit ck = config.cloudkit();
            CloudKitConfig ckConfig =
                    new CloudKitConfig(ck.databaseUrl(), ck.apiToken(), ck.resultsLimit(), ck.requestTimeout());
            return new Opened(
                    new CloudKitClient(ckConfig, http),
                    Optional.of(
                            new LiveStreamClient(ckConfig, http, new com.fasterxml.jackson.databind.ObjectMapper())),
                    () -> {},
                    "CloudKit " + ck.databaseUrl());
        }
        return LocalHistory.open(source, config.bridge().ownHandles());
    }
}
