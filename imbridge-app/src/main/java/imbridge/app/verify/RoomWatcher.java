package imbridge.app.verify;

/**
 * Something more to learn from each room while the verifier streams it (live checks, notices…), so no second
 * reading of the homeserver and no room kept in memory. {@link #open} and the watch's {@link Watch#event} run on a
 * worker thread, several rooms at once; {@link Watch#close} runs on the verifier's thread, room by room in the
 * order of the comparison, so a watcher's account-wide state needs no locking.
 */
public interface RoomWatcher {
    /**
     * @param expected the room's portal from the truth, null when the truth does not expect it (the watch must
     *                 not keep it: it may be large)
     */
    Watch open(RoomListing room, ExpectedPortal expected);

    interface Watch {
        /** Every event of the room, unfiltered, in timeline order. */
        void event(DeliveredEvent event);

        /** The room is done: fold what was learnt into the watcher. */
        void close();
    }
}
