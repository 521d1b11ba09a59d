package imbridge.app.corpus;

import imbridge.app.config.BridgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The config file: the case's {@code file} payload is written to {@code config.yaml} and read by the real loader.
 * Survivors are the keys that must have been read when the file is accepted ({@code homeserver.domain}).
 */
final class ConfigDriver implements SurfaceDriver {
    @Override
    public Outcome run(CorpusCase c, Path work) throws Exception {
        Path file = work.resolve("config.yaml");
        Files.write(file, Payload.of(c.input().get("file")).bytes());
        try {
            BridgeConfig config = BridgeConfig.load(file);
            return new Outcome(
                    null,
                    List.of(),
                    List.of("homeserver.domain=" + config.homeserver().domain()));
        } catch (RuntimeException e) {
            return Outcome.failed(e);
        }
    }
}
