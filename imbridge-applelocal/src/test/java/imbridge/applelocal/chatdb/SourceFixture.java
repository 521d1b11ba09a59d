package imbridge.applelocal.chatdb;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a {@link ChatDbSource} over a fixture database the way a bulk import does (a private snapshot). */
public final class SourceFixture {
    private SourceFixture() {}

    public static ChatDbSource snapshot(ChatDbFixture db, Path home, Path workDir, ChatDbSourceConfig config)
            throws IOException {
        return ChatDbSources.create(
                ChatDbSnapshot.copyOf(db.file(), workDir, config.busyTimeout()),
                new MacAttachmentLocator(home),
                config);
    }

    public static ChatDbSource snapshot(ChatDbFixture db, Path home, Path workDir) throws IOException {
        return snapshot(db, home, workDir, ChatDbSourceConfig.defaults(ChatDbFixture.OWNER));
    }
}
