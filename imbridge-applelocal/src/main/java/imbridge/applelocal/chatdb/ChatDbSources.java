package imbridge.applelocal.chatdb;

import java.io.IOException;
import java.nio.file.Path;

/** Builds a {@link ChatDbSource} for a Mac: the account's home folder holds {@code Library/Messages}. */
public final class ChatDbSources {
    private ChatDbSources() {}

    /** {@code <home>/Library/Messages/chat.db}. */
    public static Path macChatDb(Path home) {
        return home.resolve("Library").resolve("Messages").resolve("chat.db");
    }

    /**
     * For a bulk import: a private snapshot of the Mac's {@code chat.db} in {@code workDir} (deleted on close), read
     * with attachments resolved under {@code <home>/Library/Messages/Attachments}.
     */
    public static ChatDbSource macSnapshot(Path home, Path workDir, ChatDbSourceConfig config) throws IOException {
        return macSnapshot(macChatDb(home), home, workDir, config);
    }

    /**
     * Like {@link #macSnapshot(Path, Path, ChatDbSourceConfig)} for a {@code chat.db} kept anywhere (a copy taken
     * off the Mac, say), its attachment paths ({@code ~/Library/Messages/Attachments/…}) resolved under {@code home}.
     */
    public static ChatDbSource macSnapshot(Path chatDb, Path home, Path workDir, ChatDbSourceConfig config)
            throws IOException {
        ChatDbSnapshot db = ChatDbSnapshot.copyOf(chatDb, workDir, config.busyTimeout());
        return create(db, new MacAttachmentLocator(home), config);
    }

    /** For watching: the live {@code chat.db} opened read-only (sees Messages' WAL). */
    public static ChatDbSource macLive(Path home, ChatDbSourceConfig config) throws IOException {
        return macLive(macChatDb(home), home, config);
    }

    /** For watching a {@code chat.db} at {@code chatDb}, attachments under {@code home}. */
    public static ChatDbSource macLive(Path chatDb, Path home, ChatDbSourceConfig config) throws IOException {
        ChatDbSnapshot db = ChatDbSnapshot.live(chatDb, config.busyTimeout());
        return create(db, new MacAttachmentLocator(home), config);
    }

    /**
     * A source over an opened database; when it is not a Messages database, the database and {@code owned} are
     * closed before the error is thrown.
     */
    public static ChatDbSource create(
            ChatDbSnapshot db, AttachmentLocator locator, ChatDbSourceConfig config, AutoCloseable... owned)
            throws IOException {
        try {
            return new ChatDbSource(db, locator, config, owned);
        } catch (ChatDbOpenException | RuntimeException e) {
            db.close();
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
