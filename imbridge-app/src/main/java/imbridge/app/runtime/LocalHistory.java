package imbridge.app.runtime;

import imbridge.app.config.ConfigException;
import imbridge.app.config.HistorySource;
import imbridge.applelocal.backup.BackupFiles;
import imbridge.applelocal.backup.BackupSources;
import imbridge.applelocal.backup.IosBackup;
import imbridge.applelocal.backup.crypto.EncryptedBackupFiles;
import imbridge.applelocal.chatdb.ChatDbSource;
import imbridge.applelocal.chatdb.ChatDbSourceConfig;
import imbridge.applelocal.chatdb.ChatDbSources;
import imbridge.applelocal.contacts.ContactBooks;
import imbridge.applelocal.contacts.ContactDirectory;
import imbridge.core.port.ContactBook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens a local Apple source (a Mac's chat.db, an iPhone backup) as the engine's history source, with the address
 * book that sits beside it (the Mac home's, or the backup's) for ghost names, avatars and DM room names.
 */
final class LocalHistory {
    private LocalHistory() {}

    /** The messages database and the address book read beside it. */
    private record Local(ChatDbSource db, ContactBook contacts) {}

    static HistorySources.Opened open(HistorySource source, List<String> ownHandles) {
        ChatDbSourceConfig config =
                ChatDbSourceConfig.defaults(ownHandles.get(0)).withResultsLimit(source.resultsLimit());
        try {
            Files.createDirectories(source.workDir());
            Local local = switch (source.type()) {
                case HistorySource.CHATDB -> openMac(source, config);
                case HistorySource.IOS_BACKUP -> openBackup(source, config);
                default -> throw new ConfigException("source.type", "not a local source: " + source.type());
            };
            ChatDbSource db = local.db();
            String description = source.type() + " " + source.path().toAbsolutePath() + " ("
                    + db.schema().tier().label() + ")";
            org.slf4j.LoggerFactory.getLogger(LocalHistory.class).info("history source: {}", description);
            return new HistorySources.Opened(db, Optional.empty(), db, description, local.contacts());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the " + source.type() + " source at " + source.path() + ": " + e.getMessage(), e);
        }
    }

    private static Local openMac(HistorySource source, ChatDbSourceConfig config) throws IOException {
        ChatDbSource db = source.watch()
                ? ChatDbSources.macLive(source.path(), source.home(), config)
                : ChatDbSources.macSnapshot(source.path(), source.home(), source.workDir(), config);
        return new Local(
                db,
                source.contacts().enabled()
                        ? ContactBooks.mac(source.home(), contactsDir(source), settings(source))
                        : ContactBook.NONE);
    }

    /** The address book is read while the backup's files are open; the source owns (and closes) them after. */
    private static Local openBackup(HistorySource source, ChatDbSourceConfig config) throws IOException {
        BackupFiles files = IosBackup.open(
                source.path(),
                source.password(),
                (dir, manifest, password, work) -> EncryptedBackupFiles.open(dir, password.toCharArray(), work),
                source.workDir());
        ContactBook contacts = source.contacts().enabled()
                ? ContactBooks.iosBackup(files, contactsDir(source), settings(source))
                : ContactBook.NONE;
        return new Local(BackupSources.open(files, source.workDir(), config), contacts);
    }

    private static Path contactsDir(HistorySource source) {
        return source.workDir().resolve("contacts");
    }

    private static ContactDirectory.Settings settings(HistorySource source) {
        return new ContactDirectory.Settings(
                source.contacts().region(), source.contacts().nameTemplate());
    }
}
