package imbridge.app.runtime;

import imbridge.app.config.ConfigException;
import imbridge.app.config.HistorySource;
import imbridge.applelocal.backup.BackupSources;
import imbridge.applelocal.backup.crypto.EncryptedBackupFiles;
import imbridge.applelocal.chatdb.ChatDbSource;
import imbridge.applelocal.chatdb.ChatDbSourceConfig;
import imbridge.applelocal.chatdb.ChatDbSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/** Opens a local Apple source (a Mac's chat.db, an iPhone backup) as the engine's history source. */
final class LocalHistory {
    private LocalHistory() {
    }

    static HistorySources.Opened open(HistorySource source, List<String> ownHandles) {
        ChatDbSourceConfig config = ChatDbSourceConfig.defaults(ownHandles.get(0))
                .withResultsLimit(source.resultsLimit());
        try {
            Files.createDirectories(source.workDir());
            ChatDbSource db = switch (source.type()) {
                case HistorySource.CHATDB -> source.watch()
                        ? ChatDbSources.macLive(source.home(), config)
                        : ChatDbSources.macSnapshot(source.home(), source.workDir(), config);
                case HistorySource.IOS_BACKUP -> BackupSources.open(source.path(), source.password(),
                        (dir, manifest, password, work) -> EncryptedBackupFiles.open(dir, password.toCharArray(), work),
                        source.workDir(), config);
                default -> throw new ConfigException("source.type", "not a local source: " + source.type());
            };
            String description = source.type() + " " + source.path().toAbsolutePath() + " (" + db.schema().tier().label()
                    + ")";
            org.slf4j.LoggerFactory.getLogger(LocalHistory.class).info("history source: {}", description);
            return new HistorySources.Opened(db, Optional.empty(), db, description);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the " + source.type() + " source at " + source.path() + ": "
                    + e.getMessage(), e);
        }
    }
}
