package imbridge.sim.cloudkit;

/**
 * What a live push event reports (wire-contracts.md §1, "Live stream"). The bridge's {@code LiveEvent.Kind} lists the
 * same names on purpose: the simulator and the bridge share the wire contract, never code.
 */
public enum LiveKind {
    /** A message, a tapback (tapback fields set) or the echo of a message the owner sent. */
    MESSAGE,
    EDIT,
    UNSEND,
    READ_RECEIPT,
    DELIVERED,
    TYPING,
    RENAME,
    PARTICIPANTS,
    /** Apple-side recycle-bin move: a correct bridge ignores it. */
    CHAT_DELETE
}
