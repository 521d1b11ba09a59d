package imbridge.app.commands;

import imbridge.core.matrixside.OwnerMessage;

/** Where the owner's messages in portal rooms go (Matrix → iMessage). */
public interface OwnerMessages {
    OwnerMessages NONE = new OwnerMessages() {
        @Override
        public boolean isPortalRoom(String roomId) {
            return false;
        }

        @Override
        public void handle(OwnerMessage message) {}
    };

    boolean isPortalRoom(String roomId);

    void handle(OwnerMessage message) throws Exception;
}
