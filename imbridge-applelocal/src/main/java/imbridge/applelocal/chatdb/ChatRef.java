package imbridge.applelocal.chatdb;

import imbridge.core.model.CloudChat;

/** The chat a message belongs to, as far as the message's {@code chatId} needs it. */
record ChatRef(long rowId, String guid, int style, String groupId) {

    /** The group's UUID for a group chat that has one (every member's devices share it), else the chat GUID. */
    String chatIdForMessages() {
        return style == CloudChat.STYLE_GROUP && groupId != null && !groupId.isBlank() ? groupId : guid;
    }
}
