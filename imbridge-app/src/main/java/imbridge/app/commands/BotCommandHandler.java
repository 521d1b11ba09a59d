package imbridge.app.commands;

import imbridge.core.port.MatrixException;
import imbridge.matrix.BotCommand;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

    /** How long a follow-up waits for the command's first answer to be posted. */
    private static final Duration FIRST_ANSWER_WAIT = Duration.ofSeconds(60);

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
            log.info(
                    "Ignoring command '{}' from {} in {} (reason=COMMAND_NOT_FROM_OWNER)",
                    command.word(),
                    command.sender(),
                    command.roomId());
            return;
        }
        CountDownLatch answered = new CountDownLatch(1);
        try {
            String answer = answer(command, answered);
            notices.send(command.roomId(), "imb.reply." + command.eventId(), answer, command.eventId());
        } finally {
            answered.countDown();
        }
    }

    private String answer(BotCommand command, CountDownLatch answered) {
        return switch (command.name()) {
            case HELP -> HelpText.TEXT;
            case UNKNOWN -> "Unknown command \"" + command.word() + "\".\n" + HelpText.TEXT;
            case STATUS -> StatusText.of(commands.status());
            case SYNC -> text(commands.sync(followUp(command, answered)));
            case RETRY_ATTACHMENTS -> text(commands.retryAttachments(followUp(command, answered)));
            case BACKFILL ->
                command.args().size() == 1
                        ? text(commands.backfill(command.args().getFirst()))
                        : "Usage: backfill <portal>";
            case RESTORE_CHAT ->
                switch (command.args().size()) {
                    case 0 -> text(commands.restorableChats());
                    case 1 -> text(commands.restoreChat(command.args().getFirst()));
                    default -> "Usage: restore-chat [<portal>]";
                };
        };
    }

    /**
     * The second notice of a command whose work ends later (its own transaction ID, replying to the command),
     * posted after the first answer even when the work ends before that answer went out.
     */
    private Consumer<String> followUp(BotCommand command, CountDownLatch answered) {
        return body -> {
            try {
                if (!answered.await(FIRST_ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    log.warn(
                            "The first answer to '{}' in {} is late; posting its outcome anyway",
                            command.word(),
                            command.roomId());
                }
                notices.send(command.roomId(), "imb.reply.done." + command.eventId(), body, command.eventId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (MatrixException | RuntimeException e) {
                log.warn(
                        "Could not post the outcome of '{}' in {}: {}", command.word(), command.roomId(), e.toString());
            }
        };
    }

    private static String text(CommandResult result) {
        return switch (result.kind()) {
            case DONE -> result.message();
            case REFUSED, NOT_FOUND -> "Cannot do that: " + result.message();
            case NOT_AVAILABLE -> "Not available: " + result.message();
        };
    }
}
