package imbridge.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The demo as JVMs besides the one the user started: the <em>world</em> (the CloudKit simulator and the
 * homeserver double, which hold the whole account and every event in memory), then the <em>bridge</em> (with a
 * heap of its own so its bound is the bridge's, e.g. 256 MiB for a million messages) and, once the bridge is
 * done, the <em>verifier</em>. This process only starts them, forwards the world's address, waits, and adds the
 * world's heap facts to the report.
 *
 * <p>Protocol with the world: it prints {@value #HANDSHAKE} + a {@link WorldHandshake} JSON line once it serves;
 * a {@value #MEMORY_REQUEST} line on its stdin answers {@value #MEMORY} + its heap facts; end of stdin stops it.
 */
public final class DemoProcesses {
    public static final String HANDSHAKE = "IMBRIDGE-WORLD ";
    public static final String MEMORY = "IMBRIDGE-WORLD-MEMORY ";
    public static final String MEMORY_REQUEST = "memory";
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

    /** Runs the demo; returns the bridge process's exit code. {@code serve}: keep the world up until killed. */
    public int run(boolean serve) throws IOException, InterruptedException {
        Process world = start("world", worldHeap, List.of("--role", "world"), ProcessBuilder.Redirect.PIPE);
        // A shutdown hook is an unstarted Thread the JVM starts itself: the one kind not made through Threads.
        Runtime.getRuntime().addShutdownHook(new Thread(world::destroy));
        BufferedReader worldOut =
                new BufferedReader(new InputStreamReader(world.getInputStream(), StandardCharsets.UTF_8));
        Writer worldIn = new OutputStreamWriter(world.getOutputStream(), StandardCharsets.UTF_8);
        try {
            String handshake = awaitLine(worldOut, HANDSHAKE, world);
            Path handshakeFile = dataDir.resolve("world.json");
            Files.writeString(handshakeFile, handshake);
            int code = runChild("bridge", bridgeHeap, handshakeFile);
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
                out.println("serving: the simulator and the homeserver double keep running (" + handshake
                        + "). Ctrl-C to stop.");
                CompletableFuture.runAsync(() -> forward(worldOut));
                world.waitFor();
            }
            return code;
        } finally {
            worldIn.close(); // end of stdin: the world stops
            if (!world.waitFor(30, TimeUnit.SECONDS)) {
                world.destroyForcibly();
            }
        }
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
                .redirectInput(
                        stdout == ProcessBuilder.Redirect.PIPE
                                ? ProcessBuilder.Redirect.PIPE
                                : ProcessBuilder.Redirect.INHERIT)
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
