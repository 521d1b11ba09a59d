package imbridge.app.cli;

import picocli.CommandLine.Command;

/** {@code imbridge apple …}: tools for the local Apple sources (chat.db, iPhone backups). */
@Command(
        name = "apple",
        description = "Tools for Apple's local Messages data (a Mac's chat.db, an iPhone backup).",
        mixinStandardHelpOptions = true,
        subcommands = {AppleInspectCommand.class})
final class AppleCommand {}
