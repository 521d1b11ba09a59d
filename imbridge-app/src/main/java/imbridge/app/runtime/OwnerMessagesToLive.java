package imbridge.app.runtime;

import imbridge.app.config.BridgeConfig;
import imbridge.core.live.OutgoingMessages;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.MatrixException;
import imbridge.matrix.AppserviceGateway;
import java.util.function.Supplier;

/** The owner's messages in portal rooms, to iMessage through the live source (when live is on). */
final class OwnerMessagesToLive implements imbridge.app.commands.OwnerMessages {
    private final BridgeStore bridgeStore;
    private final AppserviceGateway gateway;
    private final BridgeConfig config;
    /** The live path's sender while live runs, else null. */
    private final Supplier<OutgoingMessages> outgoing;

    OwnerMessagesToLive(
            BridgeStore bridgeStore,
            AppserviceGateway gateway,
            BridgeConfig config,
            Supplier<OutgoingMessages> outgoing) {
        this.bridgeStore = bridgeStore;
        this.gateway = gateway;
        this.config = config;
        this.outgoing = outgoing;
    }

    @Override
    public boolean isPortalRoom(String roomId) {
        return bridgeStore.portalByRoom(roomId).isPresent();
    }

    @Override
    public void handle(imbridge.core.matrixside.OwnerMessage message) throws MatrixException {
        OutgoingMessages out = outgoing.get();
        if (!config.source().isCloudKit()) {
            // A database or backup is read-only history: say so once per room (the transaction ID is per room,
            // so the homeserver keeps one notice however often the owner writes).
            gateway.sendBotNotice(
                    message.roomId(),
                    "imb.readonly." + message.roomId(),
                    "ℹ️ This room mirrors your iMessage history from "
                            + (config.source().type().equals(imbridge.app.config.HistorySource.IOS_BACKUP)
                                    ? "an iPhone backup"
                                    : "a Mac's chat.db")
                            + ". Messages written here cannot be sent to iMessage from there.");
            return;
        }
        if (out == null) {
            gateway.sendBotNotice(
                    message.roomId(),
                    "imb.outfail." + message.eventId(),
                    "⚠️ Your message was not delivered to iMessage: live messaging is "
                            + (config.live().enabled() ? "not started yet." : "disabled (live.enabled)."));
            return;
        }
        out.handle(message);
    }
}
