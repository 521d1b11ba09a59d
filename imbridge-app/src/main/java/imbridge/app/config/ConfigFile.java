package imbridge.app.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code config.yaml} as written, bound by {@link ConfigBinding}: one record per section, one component per key
 * (snake_case in the file), null where the key is absent. Keys nobody declares here fail the binding. The defaults
 * and range checks are {@link BridgeConfig}'s; these records only say which keys exist and their types.
 *
 * @param source bound later by {@link HistorySource}: which keys it has depends on its {@code type}
 */
record ConfigFile(
        HomeserverKeys homeserver,
        AppserviceKeys appservice,
        BridgeKeys bridge,
        DatabaseKeys database,
        JsonNode source,
        CloudKitKeys cloudkit,
        BackfillKeys backfill,
        LiveKeys live,
        LoggingKeys logging,
        MetricsKeys metrics,
        AdminKeys admin,
        DoublePuppetKeys doublePuppet) {

    /** An absent or empty section means all its defaults. */
    ConfigFile {
        homeserver = Objects.requireNonNullElse(homeserver, new HomeserverKeys(null, null, null, null, null, null));
        appservice = Objects.requireNonNullElse(
                appservice, new AppserviceKeys(null, null, null, null, null, null, null, null));
        bridge = Objects.requireNonNullElse(bridge, new BridgeKeys(null, null, null, null, null));
        database = Objects.requireNonNullElse(database, new DatabaseKeys(null, null, null, null, null));
        cloudkit = Objects.requireNonNullElse(
                cloudkit, new CloudKitKeys(null, null, null, null, null, null, null, null, null, null));
        backfill = Objects.requireNonNullElse(
                backfill, new BackfillKeys(null, null, null, null, null, null, null, null, null, null, null));
        live = Objects.requireNonNullElse(live, new LiveKeys(null, null));
        logging = Objects.requireNonNullElse(logging, new LoggingKeys(null, null, null, null));
        metrics = Objects.requireNonNullElse(metrics, new MetricsKeys(null, null));
        admin = Objects.requireNonNullElse(admin, new AdminKeys(null));
        doublePuppet = Objects.requireNonNullElse(doublePuppet, new DoublePuppetKeys(null));
    }

    record HomeserverKeys(
            String address,
            String domain,
            Integer maxAttempts,
            Duration retryInitial,
            Duration retryMax,
            Boolean ignoreUnsupportedServer) {}

    record AppserviceKeys(
            String id,
            String hostname,
            Integer port,
            String publicUrl,
            String asToken,
            String hsToken,
            String botUsername,
            String ghostPrefix) {}

    record BridgeKeys(
            String loginId,
            String owner,
            @JsonSetter(contentNulls = Nulls.FAIL) List<String> ownHandles,
            String displaynameTemplate,
            String dmRoomNameTemplate) {}

    /** Whether the owner's messages are sent as the owner's own Matrix account (see README "What the owner sees"). */
    record DoublePuppetKeys(Boolean enabled) {}

    record DatabaseKeys(String type, String uri, String user, String password, Integer maxConnections) {}

    record CloudKitKeys(
            String databaseUrl,
            String apiToken,
            Integer resultsLimit,
            Duration requestTimeout,
            Integer maxPagesPerZone,
            Integer maxConsecutiveFailures,
            Duration pageRetryInitial,
            Duration pageRetryMax,
            Duration bootstrapRetryInterval,

            @JsonDeserialize(using = ConfigBinding.DurationList.class)
            List<Duration> resyncDelays) {}

    record BackfillKeys(
            Integer chunkSize,
            Integer sendBatchParts,
            Integer maxConcurrentForward,
            Integer attachmentConcurrency,
            Duration attachmentTimeout,
            Integer maxAttachmentRetries,
            Duration attachmentRetryDelay,
            Duration stallTimeout,
            Duration progressLogInterval,
            Integer initialForwardMessages,
            Integer backwardPageMessages) {}

    record LiveKeys(Boolean enabled, Duration syncInterval) {}

    record LoggingKeys(String level, String format, String maxFileSize, Integer maxFiles) {}

    /** The operator listener: {@code /metrics}, the dashboard and the admin API ({@link OperatorConfig}). */
    record MetricsKeys(Boolean enabled, String listen) {}

    record AdminKeys(String token) {}

    /** The one key every {@code source} section may have, read first to choose the section's shape. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SourceType(String type) {}

    /** {@code source} with {@code type: cloudkit} (or none): nothing else to say. */
    record CloudKitSourceKeys(String type) {}

    /** {@code source} with {@code type: chatdb}. */
    record ChatDbKeys(
            String type,
            String path,
            String home,
            String mode,
            Duration pollInterval,
            String workDir,
            Integer resultsLimit,
            Boolean contacts,
            String contactsRegion,
            String ghostNameTemplate) {}

    /** {@code source} with {@code type: ios-backup}. */
    record IosBackupKeys(
            String type,
            String path,
            String password,
            String workDir,
            Integer resultsLimit,
            Boolean contacts,
            String contactsRegion,
            String ghostNameTemplate) {}
}
