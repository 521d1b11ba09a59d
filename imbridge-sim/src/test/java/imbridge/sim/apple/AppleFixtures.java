package imbridge.sim.apple;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the real Apple blobs under {@code src/test/resources/apple/} (sources in SOURCES.md there). */
final class AppleFixtures {

    private AppleFixtures() {}

    static byte[] load(String name) {
        try (InputStream in = AppleFixtures.class.getResourceAsStream("/apple/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource apple/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
