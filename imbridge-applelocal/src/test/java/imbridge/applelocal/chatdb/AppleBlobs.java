package imbridge.applelocal.chatdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Real Apple bytes from the test resources ({@code apple/SOURCES.md} names where each came from). */
public final class AppleBlobs {
    private AppleBlobs() {}

    public static byte[] bytes(String name) {
        try (InputStream in = AppleBlobs.class.getResourceAsStream("/apple/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource apple/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }
}
