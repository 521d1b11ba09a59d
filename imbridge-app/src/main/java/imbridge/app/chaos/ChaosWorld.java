package imbridge.app.chaos;

import imbridge.app.demo.WorldHandshake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The runner's handle on the world process ({@link ChaosWorldServer}): it starts it, reads its address, and sends it
 * the peers' restarts. One command at a time, each answered by one line.
 */
final class ChaosWorld implements AutoCloseable {
    static final String HANDSHAKE = "IMBRIDGE-CHAOS-WORLD ";
    static final String DONE = "IMBRIDGE-CHAOS-DONE ";
    static final String RESTART_HOMESERVER = "restart-homeserver";
    static final String RESTART_SIMULATOR = "restart-simulator";
    static final String RELEASE_LIVE = "release-live";

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private WorldHandshake handshake;

    private ChaosWorld(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static ChaosWorld start(ChaosOptions options) throws IOException {
        List<String> args = new ArrayList<>(List.of("chaos", "--role", "world"));
        args.addAll(options.childArgs());
        Path log = options.dataDir().resolve("world-console.log");
        Process p = new ProcessBuilder(ChildJvm.command(options.worldHeap(), List.of(), args))
                .redirectError(log.toFile())
                .start();
        ChaosWorld world = new ChaosWorld(p);
        try {
            world.handshake = WorldHandshake.parse(world.await(HANDSHAKE));
        } catch (IOException | RuntimeException e) {
            world.close();
            throw e;
        }
        return world;
    }

    WorldHandshake handshake() {
        return handshake;
    }

    /** The double restarts on its port: connections cut, the appservice transaction counter back at 1. */
    void restartHomeserver() throws IOException {
        command(RESTART_HOMESERVER);
        await(DONE);
    }

    /** The simulator serves again on a new port; returns the world's new address. */
    WorldHandshake restartSimulator() throws IOException {
        command(RESTART_SIMULATOR);
        handshake = WorldHandshake.parse(await(HANDSHAKE));
        await(DONE);
        return handshake;
    }

    void releaseLive() throws IOException {
        command(RELEASE_LIVE);
        await(DONE);
    }

    private void command(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    private String await(String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new IOException("the world process ended before it answered " + prefix.strip()
                + " (see world-console.log in the data directory)");
    }

    @Override
    public void close() throws IOException {
        try {
            in.close(); // end of stdin: the world stops
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
