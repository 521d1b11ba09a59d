package imbridge.core.live;

/** The outcome of the live message checks: drop with a reason, or admit for a portal. */
public sealed interface LiveDecision {

    record Drop(LiveDropReason reason, String portalId, String detail) implements LiveDecision {}

    /** @param revive a deleted conversation with genuinely new traffic: it comes back as a fresh room */
    record Admit(String portalId, boolean revive) implements LiveDecision {}
}
