package imbridge.app.doctor;

import imbridge.app.config.BridgeConfig;
import imbridge.app.config.HistorySource;
import imbridge.applelocal.backup.BackupManifest;
import imbridge.applelocal.backup.IosBackup;
import imbridge.applelocal.backup.IosBackupException;
import imbridge.applelocal.chatdb.ChatDbInspector;
import imbridge.applelocal.chatdb.ChatDbOpenException;
import imbridge.applelocal.chatdb.ChatDbSourceConfig;
import imbridge.applelocal.chatdb.SchemaReport;
import imbridge.cloudkit.CloudKitClient;
import imbridge.cloudkit.CloudKitConfig;
import imbridge.cloudkit.CloudKitErrors;
import imbridge.core.port.CloudSourceException;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The history source the config names: CloudKit answers a first page of the chat zone with the configured token, or
 * the chat.db / iPhone backup is there and readable. Reads only; nothing is synced or copied.
 */
final class HistorySourceCheck {
    static final String NAME = "history source";
    private static final Duration CLOUDKIT_TIMEOUT = Duration.ofSeconds(20);

    private HistorySourceCheck() {}

    static CheckResult run(BridgeConfig cfg, HttpClient http) {
        HistorySource source = cfg.source();
        return switch (source.type()) {
            case HistorySource.CHATDB -> chatDb(source);
            case HistorySource.IOS_BACKUP -> iosBackup(source);
            default -> cloudKit(cfg.cloudkit(), http);
        };
    }

    private static CheckResult cloudKit(BridgeConfig.CloudKit ck, HttpClient http) {
        CloudKitClient client =
                new CloudKitClient(new CloudKitConfig(ck.databaseUrl(), ck.apiToken(), 1, CLOUDKIT_TIMEOUT), http);
        try {
            client.chatChanges(null);
            return CheckResult.pass(
                    NAME,
                    "CloudKit " + ck.databaseUrl() + " answered"
                            + (ck.apiToken() == null ? " (no api_token configured)" : "; api_token accepted"));
        } catch (CloudSourceException e) {
            String detail = "CloudKit " + ck.databaseUrl() + ": " + e.getMessage();
            if (CloudKitErrors.TRANSPORT.equals(e.serverErrorCode())) {
                return CheckResult.fail(
                        NAME,
                        detail,
                        "check cloudkit.database_url and that the endpoint runs and is reachable from this machine");
            }
            if ("AUTHENTICATION_FAILED".equals(e.serverErrorCode())
                    || "AUTHENTICATION_REQUIRED".equals(e.serverErrorCode())) {
                return CheckResult.fail(NAME, detail, "cloudkit.api_token must be the endpoint's API token");
            }
            return CheckResult.fail(
                    NAME,
                    detail,
                    "cloudkit.database_url must name the CloudKit database (…/database/1/<container>/<environment>"
                            + "/private)");
        }
    }

    private static CheckResult chatDb(HistorySource source) {
        try {
            SchemaReport report = ChatDbInspector.inspect(source.path(), ChatDbSourceConfig.DEFAULT_BUSY_TIMEOUT);
            return CheckResult.pass(
                    NAME,
                    "chat.db " + source.path() + " readable: " + report.tier() + " schema, "
                            + report.counts().messages() + " messages in "
                            + report.counts().chats() + " chats");
        } catch (ChatDbOpenException | RuntimeException e) {
            return CheckResult.fail(
                    NAME,
                    "chat.db " + source.path() + ": " + Problems.message(e),
                    "source.path must name a Messages chat.db readable by this user (on macOS, give the program"
                            + " running the bridge Full Disk Access)");
        }
    }

    private static CheckResult iosBackup(HistorySource source) {
        try {
            BackupManifest manifest = IosBackup.manifest(source.path());
            if (manifest.encrypted() && source.password() == null) {
                return CheckResult.fail(
                        NAME,
                        "iPhone backup " + source.path() + ": " + IosBackup.ENCRYPTED_NO_PASSWORD,
                        "set source.password");
            }
            return CheckResult.pass(
                    NAME,
                    "iPhone backup " + source.path() + " readable"
                            + (manifest.deviceName() == null ? "" : " (" + manifest.deviceName() + ")")
                            + (manifest.encrypted() ? ", encrypted" : ""));
        } catch (IosBackupException | RuntimeException e) {
            return CheckResult.fail(
                    NAME,
                    "iPhone backup " + source.path() + ": " + Problems.message(e),
                    "source.path must name the backup folder (the one holding Manifest.db and Manifest.plist),"
                            + " readable by this user");
        }
    }
}
