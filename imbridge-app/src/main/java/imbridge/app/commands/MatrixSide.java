package imbridge.app.commands;

import imbridge.core.matrixside.MatrixSideDeleteHandler;
import imbridge.core.port.MatrixException;
import imbridge.matrix.AppserviceGateway;
import imbridge.matrix.MatrixConfig;
import imbridge.matrix.MatrixEventRouter;
import imbridge.matrix.MatrixInboxAppender;
import imbridge.matrix.MatrixInboxWorker;
import imbridge.matrix.TransactionHandler;
import imbridge.store.Database;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matrix-side half of the bridge, wired: the appservice transactions' events queued durably
 * ({@link #transactionHandler()}), the worker routing them to the management room, the command handler
 * and the {@link MatrixSideDeleteHandler}. Create it before the appservice server (which needs the
 * handler); {@link #start()} after the homeserver handshake.
 */
public final class MatrixSide implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MatrixSide.class);

    private final ManagementRoom managementRoom;
    private final MatrixInboxWorker worker;
    private final MatrixInboxAppender appender;

    public MatrixSide(
            MatrixConfig cfg,
            Database database,
            AppserviceGateway gateway,
            BridgeCommands commands,
            MatrixSideDeleteHandler deletes,
            Clock clock) {
        this(cfg, database, gateway, commands, deletes, clock, OwnerMessages.NONE);
    }

    public MatrixSide(
            MatrixConfig cfg,
            Database database,
            AppserviceGateway gateway,
            BridgeCommands commands,
            MatrixSideDeleteHandler deletes,
            Clock clock,
            OwnerMessages ownerMessages) {
        this.managementRoom =
                new ManagementRoom(cfg.ownerUserId(), cfg.botUserId(), database.managementRooms(), gateway);
        BotCommandHandler commandHandler = new BotCommandHandler(cfg.ownerUserId(), commands, gateway::sendBotNotice);
        MatrixEventRouter router = new MatrixEventRouter(
                cfg,
                managementRoom::is,
                ownerMessages::isPortalRoom,
                new MatrixSideDispatcher(managementRoom, deletes, commandHandler, ownerMessages));
        this.worker =
                new MatrixInboxWorker(database.matrixInbox(), router, MatrixInboxWorker.Settings.defaults(), clock);
        this.appender = new MatrixInboxAppender(database.matrixInbox(), router, worker::wake);
    }

    /** For the appservice server: queues the events to act on before the homeserver gets its 200. */
    public TransactionHandler transactionHandler() {
        return appender;
    }

    /**
     * Opens (or finds) the management room and starts consuming the queue, older events first. A homeserver
     * that refuses the management room does not stop the bridge: commands wait for the next start (or for the
     * owner inviting the bot), membership changes are handled regardless.
     */
    public void start() {
        try {
            managementRoom.ensure();
        } catch (MatrixException e) {
            log.warn(
                    "Could not open the management room; bot commands are unavailable until the owner invites the "
                            + "bot to a DM or the bridge restarts: {}",
                    e.getMessage());
        }
        worker.start();
    }

    public String managementRoomId() {
        return managementRoom.roomId();
    }

    @Override
    public void close() {
        worker.close();
    }
}
