package imbridge.app.commands;

/** The answer to {@code help} (and to an unknown command, after saying so). */
final class HelpText {
    static final String TEXT = """
            imbridge commands:
            help — this list
            status — portals, backfill states, queues, sync state and counts
            sync — start an incremental sync now
            backfill <portal> — run the forward backfill of one portal (portal ID such as tel:+15551234567, or its room ID)
            retry-attachments — try the failed attachments again
            restore-chat [<portal>] — list the chats deleted on the Matrix side, or bring one back""";

    private HelpText() {}
}
