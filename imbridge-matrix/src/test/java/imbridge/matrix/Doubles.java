package imbridge.matrix;

import imbridge.sim.hs.HsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link DoubleFixture}s for a test and closes them after it (register with {@code @RegisterExtension}), so a
 * gateway test says only how its double or retries differ from the usual and what it checks.
 */
final class Doubles implements AfterEachCallback {
    private final List<DoubleFixture> started = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    /** The usual fixture: the double as configured by default, fast retries, the gateway's handshake done. */
    DoubleFixture start() throws Exception {
        return start(UnaryOperator.identity(), DoubleFixture::fastRetries);
    }

    /** The usual fixture with this owner view, the owner's namespace in the registration or not; handshake done. */
    DoubleFixture start(OwnerView view, boolean ownerInRegistration) throws Exception {
        Path dir = Files.createTempDirectory("imbridge-double");
        directories.add(dir);
        DoubleFixture fx = DoubleFixture.start(
                dir,
                null,
                new InMemoryTransactionLog(),
                UnaryOperator.identity(),
                DoubleFixture::fastRetries,
                view,
                ownerInRegistration);
        started.add(fx);
        fx.gateway.start();
        return fx;
    }

    /** A fixture whose double and whose bridge-side Matrix config the test adjusts; the handshake is done. */
    DoubleFixture start(UnaryOperator<HsConfig> hsConfig, UnaryOperator<MatrixConfig> matrixConfig) throws Exception {
        Path dir = Files.createTempDirectory("imbridge-double");
        directories.add(dir);
        DoubleFixture fx = DoubleFixture.start(dir, null, new InMemoryTransactionLog(), hsConfig, matrixConfig);
        started.add(fx);
        fx.gateway.start();
        return fx;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        started.reversed().forEach(DoubleFixture::close);
        started.clear();
        for (Path dir : directories) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
        directories.clear();
    }
}
