package imbridge.app.commands;

import imbridge.core.matrixside.MatrixSideDeleteHandler;
import imbridge.core.matrixside.MembershipChange;
import imbridge.matrix.BotCommand;
import imbridge.matrix.MatrixEventListener;

/**
 * Where routed Matrix-side events go: memberships of the management room and invites of the bot to the
 * {@link ManagementRoom}, every other membership change to the {@link MatrixSideDeleteHandler}, commands
 * to the {@link BotCommandHandler}.
 */
public final class MatrixSideDispatcher implements MatrixEventListener {
    private final ManagementRoom managementRoom;
    private final MatrixSideDeleteHandler deletes;
    private final BotCommandHandler commands;
    private final OwnerMessages ownerMessages;

    public MatrixSideDispatcher(
            ManagementRoom managementRoom, MatrixSideDeleteHandler deletes, BotCommandHandler commands) {
        this(managementRoom, deletes, commands, OwnerMessages.NONE);
    }

    public MatrixSideDispatcher(
            ManagementRoom managementRoom,
            MatrixSideDeleteHandler deletes,
            BotCommandHandler commands,
            OwnerMessages ownerMessages) {
        this.managementRoom = managementRoom;
        this.deletes = deletes;
        this.commands = commands;
        this.ownerMessages = ownerMessages;
    }

    @Override
    public void onMembership(MembershipChange change) throws Exception {
        if (!managementRoom.onMembership(change)) {
            deletes.onMembership(change);
        }
    }

    @Override
    public void onCommand(BotCommand command) throws Exception {
        commands.handle(command);
    }

    @Override
    public void onOwnerMessage(imbridge.core.matrixside.OwnerMessage message) throws Exception {
        ownerMessages.handle(message);
    }
}
