package imbridge.app.cli;

import picocli.CommandLine.Option;

/** The generated account's options, shared by the commands that start the simulator ({@code demo}, {@code sim}). */
final class DatasetOptions {
    @Option(names = "--seed", defaultValue = "7", description = "dataset seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--chats",
            defaultValue = "30",
            description = "conversations to generate (default ${DEFAULT-VALUE})")
    int chats;

    @Option(
            names = "--messages",
            defaultValue = "20000",
            description = "messages to generate (default ${DEFAULT-VALUE})")
    int messages;

    @Option(
            names = "--profile",
            defaultValue = "basic",
            description =
                    "dataset profile: basic, or full "
                            + "(tombstones, late records, filtered chats, system messages, tapbacks, malformed records; default ${DEFAULT-VALUE})")
    String profile;
}
