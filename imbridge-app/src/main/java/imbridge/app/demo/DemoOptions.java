package imbridge.app.demo;

import java.nio.file.Path;

/** What {@code imbridge demo} runs: a generated account of {@code chats} conversations and {@code messages} messages. */
public record DemoOptions(long seed, int chats, int messages, Path dataDir, Path reportJson) {
}
