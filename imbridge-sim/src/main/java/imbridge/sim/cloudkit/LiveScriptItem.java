package imbridge.sim.cloudkit;

/**
 * One planned live event and what it does on Apple's side.
 *
 * @param offsetMs     when it is pushed, counted from the start of the live phase
 * @param message      MESSAGE: the message itself; EDIT / UNSEND: the message acted on; else null
 * @param cloudKitAtMs when its CloudKit change is written (the message copy, or {@code chatUpdate}), -1 for never;
 *                     may precede {@code offsetMs} ("already in CloudKit")
 * @param chatUpdate   RENAME / PARTICIPANTS and brand-new DMs: the chat record version to write
 * @param dropReason   a stale echo a correct bridge drops, with the reason; else null
 */
record LiveScriptItem(
        long offsetMs,
        LiveEventData event,
        LiveMessage message,
        long cloudKitAtMs,
        ChatRecord chatUpdate,
        String dropReason) {

    static final String STALE_ECHO = "STALE_ECHO_DELETED_PORTAL";
    static final String KNOWN_UUID = "KNOWN_UUID_DELETED_PORTAL";
}
