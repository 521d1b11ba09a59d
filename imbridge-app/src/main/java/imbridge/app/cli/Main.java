package imbridge.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code imbridge} command line. */
@Command(
        name = "imbridge",
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        description = "Mirrors an iMessage (Messages in iCloud) history into Matrix rooms.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            DoctorCommand.class,
            GenerateRegistrationCommand.class,
            SimCommand.class,
            HsDoubleCommand.class,
            VerifyCommand.class,
            AuditCommand.class,
            AppleCommand.class,
            ChaosCommand.class
        })
public final class Main {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code main} runs it: one clear line, not a stack trace, when a command fails. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new FailureLine());
    }
}
