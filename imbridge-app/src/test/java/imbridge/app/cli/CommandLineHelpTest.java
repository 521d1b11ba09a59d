package imbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers {@code --help} and {@code -h} with its usage, and {@code --version} with the pom's version. */
class CommandLineHelpTest {

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitsZero() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), commands);
        assertThat(commands)
                .as("the subcommands, nested ones included")
                .contains(List.of("demo"), List.of("run"), List.of("doctor"), List.of("apple", "inspect"))
                .hasSizeGreaterThanOrEqualTo(10);
        for (List<String> command : commands) {
            for (String option : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command);
                args.add(option);
                Run run = run(args.toArray(String[]::new));
                assertThat(run.exit()).as("imbridge %s", String.join(" ", args)).isZero();
                assertThat(run.out())
                        .as("imbridge %s", String.join(" ", args))
                        .startsWith("Usage: imbridge" + (command.isEmpty() ? "" : " " + String.join(" ", command)))
                        .contains("-h, --help");
                assertThat(run.err()).isEmpty();
            }
        }
    }

    @Test
    void versionIsTheOneMavenBuilt() throws Exception {
        Run run = run("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out().strip()).isEqualTo("imbridge " + pomVersion());
    }

    /** The project version, from the parent section of this module's pom (the test runs in the module folder). */
    private static String pomVersion() throws Exception {
        Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>.*?</parent>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(parent.find()).isTrue();
        return parent.group(1);
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // aliases would repeat a command
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                collect(sub, subPath, into);
            }
        });
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
