package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.lifecycle.Threads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo as JVMs besides the one the user started: the <em>world</em> (the CloudKit simulator and the
 * homeserver double, which hold the whole account and every event in memory), then the <em>bridge</em> (with a
 * heap of its own so its bound is the bridge's, e.g. 256 MiB for a million messages) and, once the bridge is
 * done, the <em>verifier</em>. This process only starts them, forwards the world's address, waits, and adds the
 * world's heap facts to the report. A demo that serves keeps its bridge child running after the bridge phase: the
 * child prints {@value #BRIDGE_SERVING}, the verifier runs beside it, and Ctrl-C stops all of them.
 *
 * <p>Protocol with the world: it prints {@value #HANDSHAKE} + a {@link WorldHandshake} JSON line once it serves;
 * a {@value #MEMORY_REQUEST} line on its stdin answers {@value #MEMORY} + its heap facts; end of stdin stops it.
 */
public final class DemoProcesses {
    public static final String HANDSHAKE = "IMBRIDGE-WORLD ";
    public static final String MEMORY = "IMBRIDGE-WORLD-MEMORY ";
    public static final String MEMORY_REQUEST = "memory";
    /** The bridge child's line once its phase is reported and it goes on serving (a demo without --exit). */
    public static final String BRIDGE_SERVING = "bridge serving:";
    /** Extra JVM options for both child JVMs; {@code {role}} becomes {@code world} or {@code bridge}. */
    public static final String CHILD_JAVA_OPTS = "IMBRIDGE_DEMO_CHILD_JAVA_OPTS";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path jar;
    private final List<String> demoArgs;
    private final Path dataDir;
    private final Path reportJson;
    private final String bridgeHeap;
    private final String worldHeap;
    private final String verifierHeap;
    private final PrintStream out;

    /**
     * @param demoArgs the user's demo arguments without {@code --data-dir} (the children get the resolved one)
     */
    public DemoProcesses(
            Path jar,
            List<String> demoArgs,
            Path dataDir,
            Path reportJson,
            String bridgeHeap,
            String verifierHeap,
            String worldHeap,
            PrintStream out) {
        this.verifierHeap = verifierHeap;
        this.jar = jar;
        this.demoArgs = List.copyOf(demoArgs);
        this.dataDir = dataDir;
        this.reportJson = reportJson;
        this.bridgeHeap = bridgeHeap;
        this.worldHeap = worldHeap;
        this.out = out;
    }

    /** The heap the world gets unless told: the account and every bridged event live in its memory. */
    public static String defaultWorldHeap(int messages) {
        long mib = 768 + messages / 1000L * 8; // 1M messages filled 4.7 GiB (simulator, double, served truth)
        return mib + "m";
    }

    /**
     * Runs the demo; returns the bridge's (or the verifier's) exit code. {@code serve}: the bridge keeps serving
     * after its phase ({@code /metrics}, dashboard, live path) and the world keeps running, until Ctrl-C.
     */
    public int run(boolean serve) throws IOException, InterruptedException {
        Process world = start("world", worldHeap, List.of("--role", "world"), ProcessBuilder.Redirect.PIPE);
        // A shutdown hook is an unstarted Thread the JVM starts itself: the one kind not made through Threads.
        Runtime.getRuntime().addShutdownHook(new Thread(world::destroy));
        BufferedReader worldOut =
                new BufferedReader(new InputStreamReader(world.getInputStream(), StandardCharsets.UTF_8));
        Writer worldIn = new OutputStreamWriter(world.getOutputStream(), StandardCharsets.UTF_8);
        Process servingBridge = null;
        try {
            String handshake = awaitLine(worldOut, HANDSHAKE, world);
            Path handshakeFile = dataDir.resolve("world.json");
            Files.writeString(handshakeFile, handshake);
            int code;
            if (serve) {
                servingBridge = startServingBridge(handshakeFile);
                code = servingBridge.isAlive() ? 0 : servingBridge.exitValue();
            } else {
                code = runChild("bridge", bridgeHeap, handshakeFile);
            }
            if (code == 0) { // the verifier gets a JVM of its own: the bridge's heap bound is the bridge's alone
                code = runChild("verify", verifierHeap, handshakeFile);
            }
            worldIn.write(MEMORY_REQUEST + "\n");
            worldIn.flush();
            String memory = awaitLine(worldOut, MEMORY, world);
            if (reportJson != null && Files.exists(reportJson)) {
                addWorldMemory(memory);
            }
            out.println("world (simulator + homeserver double) heap: " + memory);
            if (serve) {
                WorldHandshake urls = WorldHandshake.parse(handshake); // its tokens stay in world.json
                out.println("serving: CloudKit simulator " + urls.simulatorUrl() + " , homeserver double "
                        + urls.homeserverUrl() + " (inspection API under /_double/)"
                        + (servingBridge.isAlive() ? "; the bridge keeps serving" : "") + ". Ctrl-C to stop.");
                Threads.startWorker("demo-world-output", () -> forward(worldOut));
                servingBridge.waitFor();
                world.waitFor();
            }
            return code;
        } finally {
            if (servingBridge != null) {
                servingBridge.destroy(); // SIGTERM: the bridge closes its runtime before it exits
                servingBridge.waitFor(30, TimeUnit.SECONDS);
            }
            worldIn.close(); // end of stdin: the world stops
            if (!world.waitFor(30, TimeUnit.SECONDS)) {
                world.destroyForcibly();
            }
        }
    }

    /**
     * Starts the bridge child and returns once it printed {@value #BRIDGE_SERVING} (its phase is reported and it
     * goes on serving) or ended; its output is passed on meanwhile and afterwards.
     */
    private Process startServingBridge(Path handshakeFile) throws IOException, InterruptedException {
        Process bridge = start(
                "bridge",
                bridgeHeap,
                List.of("--role", "bridge", "--world-handshake", handshakeFile.toString()),
                ProcessBuilder.Redirect.PIPE);
        // A shutdown hook is an unstarted Thread the JVM starts itself: the one kind not made through Threads.
        Runtime.getRuntime().addShutdownHook(new Thread(bridge::destroy));
        BufferedReader bridgeOut =
                new BufferedReader(new InputStreamReader(bridge.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = bridgeOut.readLine()) != null) {
            out.println(line);
            if (line.startsWith(BRIDGE_SERVING)) {
                Threads.startWorker("demo-bridge-output", () -> forward(bridgeOut));
                return bridge;
            }
        }
        bridge.waitFor(); // its output ended without the line: it failed, and its exit code says how
        return bridge;
    }

    private int runChild(String role, String heap, Path handshakeFile) throws IOException, InterruptedException {
        Process child = start(
                role,
                heap,
                List.of("--role", role, "--world-handshake", handshakeFile.toString()),
                ProcessBuilder.Redirect.INHERIT);
        // A shutdown hook is an unstarted Thread the JVM starts itself: the one kind not made through Threads.
        Thread stop = new Thread(child::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        int code = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return code;
    }

    private Process start(String role, String heap, List<String> roleArgs, ProcessBuilder.Redirect stdout)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xmx" + heap);
        String extra = System.getenv(CHILD_JAVA_OPTS); // e.g. GC logging or a flight recording
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().replace("{role}", role).split("\\s+")));
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("demo");
        cmd.addAll(demoArgs);
        cmd.add("--data-dir");
        cmd.add(dataDir.toString());
        cmd.addAll(roleArgs);
        out.println("  " + role + " process: -Xmx" + heap);
        return new ProcessBuilder(cmd)
                .redirectOutput(stdout)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput( // the world stops at the end of its stdin
                        role.equals("world") ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** Reads the world's stdout until the line with {@code prefix}, passing other lines on. */
    private String awaitLine(BufferedReader in, String prefix, Process world) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
            out.println(line);
        }
        throw new IOException(
                "the world process ended (exit " + exitOf(world) + ") before it printed " + prefix.trim());
    }

    private static String exitOf(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(p.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void forward(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
            }
        } catch (IOException e) {
            out.println("world output ended: " + e.getMessage());
        }
    }

    private void addWorldMemory(String memoryJson) throws IOException {
        MemoryReport.append(reportJson, "world", JSON.readTree(memoryJson));
    }

    /** The world's side: prints the handshake, answers heap questions, stops at the end of stdin. */
    public static void serveWorld(DemoEnvironment env, PrintStream out) throws IOException {
        try (HeapPeak heap = HeapPeak.watch()) {
            out.println(HANDSHAKE + env.handshake().toJson());
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals(MEMORY_REQUEST)) {
                    Map<String, Object> facts = heap.facts();
                    out.println(MEMORY + JSON.writeValueAsString(facts));
                    out.flush();
                }
            }
        }
    }
}
