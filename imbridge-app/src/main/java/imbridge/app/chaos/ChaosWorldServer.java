package imbridge.app.chaos;

import imbridge.app.demo.DemoEnvironment;
import imbridge.app.demo.DemoOptions;
import imbridge.app.demo.WorldHandshake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The world's side of a chaos run (its own JVM): the CloudKit simulator and the homeserver double of the demo, their
 * control from the runner on stdin — restart either, release the live script — and the answers on stdout
 * ({@link ChaosWorld} is the other end). The live script is held from the start: the runner releases it when the
 * kills aimed at the live stretch begin, so they meet live traffic. End of stdin stops the world.
 */
public final class ChaosWorldServer {
    private ChaosWorldServer() {}

    public static void serve(DemoOptions options, InputStream commands, PrintStream out) throws IOException {
        try (DemoEnvironment env = DemoEnvironment.start(options)) {
            env.simulator().live().holdScript();
            WorldHandshake world = env.handshake();
            out.println(ChaosWorld.HANDSHAKE + world.toJson());
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.strip();
                switch (command) {
                    case ChaosWorld.RESTART_HOMESERVER -> env.homeserver().restart();
                    case ChaosWorld.RESTART_SIMULATOR -> {
                        env.simulator().restart();
                        world = new WorldHandshake(
                                env.simulator().baseUrl(),
                                env.simulator().databaseUrl(),
                                world.homeserverUrl(),
                                world.asPort(),
                                world.asToken(),
                                world.hsToken(),
                                world.ownerAccessToken());
                        out.println(ChaosWorld.HANDSHAKE + world.toJson());
                    }
                    case ChaosWorld.RELEASE_LIVE -> env.simulator().live().releaseScript();
                    default -> {
                        out.println(ChaosWorld.DONE + "unknown command " + command);
                        out.flush();
                        continue;
                    }
                }
                out.println(ChaosWorld.DONE + command);
                out.flush();
            }
        }
    }
}
