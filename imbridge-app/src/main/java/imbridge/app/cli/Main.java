package imbridge.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code imbridge} command line. */
@Command(
        name = "imbridge",
        mixinStandardHelpOptions = true,
        version = "imbridge 0.1.0",
        description = "Mirrors an iMessage (Messages in iCloud) history into Matrix rooms.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            GenerateRegistrationCommand.class,
            SimCommand.class,
            HsDoubleCommand.class,
            VerifyCommand.class,
            AuditCommand.class,
            AppleCommand.class
        })
public final class Main {
    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        System.exit(code);
    }
}
