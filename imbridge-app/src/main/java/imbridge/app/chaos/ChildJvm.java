package imbridge.app.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM running {@code imbridge} with this JVM's class path: the application jar when
 * started with {@code -jar}, the test class path under a test, so the children run exactly this build.
 */
final class ChildJvm {
    private ChildJvm() {}

    static List<String> command(String heap, List<String> systemProperties, List<String> imbridgeArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xmx" + heap);
        systemProperties.forEach(p -> cmd.add("-D" + p));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("imbridge.app.cli.Main");
        cmd.addAll(imbridgeArgs);
        return cmd;
    }
}
