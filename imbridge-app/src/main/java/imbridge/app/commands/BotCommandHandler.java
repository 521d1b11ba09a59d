package imbridge.app.commands;

import imbridge.core.port.MatrixException;
import imbridge.matrix.BotCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the owner's commands in the management room with a notice replying to the command. The
 * reply's transaction ID comes from the command's event ID, so handling a command again (a retry after a
 * failed answer) posts the answer once. Commands of anyone but the owner are ignored.
 */
public final class BotCommandHandler {
    private static final Logger log = LoggerFactory.getLogger(BotCommandHandler.class);

    /** Posts the bot's notice; e.g. {@code AppserviceGateway::sendBotNotice}. */
    @FunctionalInterface
    public interface Notices {
        String send(String roomId, String txnId, String body, String inReplyTo) throws MatrixException;
    }

    private final String owner;
    private final BridgeCommands commands;
    private final Notices notices;

    public BotCommandHandler(String owner, BridgeCommands commands, Notices notices) {
        this.owner = owner;
        this.commands = commands;
        this.notices = notices;
    }

    public void handle(BotCommand command) throws MatrixException {
        if (!owner.equals(command.sender())) {
            log.info("Ignoring command '{}' from {} in {} (reason=COMMAND_NOT_FROM_OWNER)", command.word(),
                    command.sender(), command.roomId());
            return;
        }
        String answer = answer(command);
        notices.send(command.roomId(), "imb.reply." + command.eventId(), answer, command.eventId());
    }

    private String answer(BotCommand command) {
        return switch (command.name()) {
            case HELP -> HelpText.TEXT;
            case UNKNOWN -> "Unknown command \"" + command.word() + "\".\n" + HelpText.TEXT;
            case STATUS -> StatusText.of(commands.status());
            case SYNC -> text(commands.sync());
            case RETRY_ATTACHMENTS -> text(commands.retryAttachments());
            case BACKFILL -> command.args().size() == 1 ? text(commands.backfill(command.args().getFirst()))
                    : "Usage: backfill <portal>";
            case RESTORE_CHAT -> command.args().size() == 1 ? text(commands.restoreChat(command.args().getFirst()))
                    : "Usage: restore-chat <portal>";
        };
    }

    private static String text(CommandResult result) {
        return switch (result.kind()) {
            case DONE -> result.message();
            case REFUSED -> "Cannot do that: " + result.message();
            case NOT_AVAILABLE -> "Not available: " + result.message();
        };
    }
}
