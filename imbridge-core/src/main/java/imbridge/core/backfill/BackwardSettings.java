package imbridge.core.backfill;

/**
 * How history is split between forward and backward backfill on homeservers that can insert history
 * (batch send). Elsewhere forward backfill sends the whole history, oldest first, and these do nothing.
 *
 * @param initialForwardMessages a new room gets its newest this-many messages forward (so it shows the latest
 *                               conversation and takes live traffic at once); older ones go in backward, page by
 *                               page. 0 = the whole history forward.
 * @param pageMessages           messages per backward page (one page = one checkpointed run of the portal)
 */
public record BackwardSettings(int initialForwardMessages, int pageMessages) {

    public BackwardSettings {
        if (initialForwardMessages < 0) {
            throw new IllegalArgumentException("initial_forward_messages must be >= 0, got " + initialForwardMessages);
        }
        if (pageMessages < 1) {
            throw new IllegalArgumentException("backward_page_messages must be >= 1, got " + pageMessages);
        }
    }

    public static BackwardSettings defaults() {
        return new BackwardSettings(1000, 1000);
    }

    public boolean splits() {
        return initialForwardMessages > 0;
    }
}
