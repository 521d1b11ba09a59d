package imbridge.sim.apple;

import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.HandleNormalizer;

/** {@code handle.id} values: a handle without its scheme ({@code +15551234567}, a lower-case e-mail). */
final class HandleIds {

    /** The owner's phone number as Messages stores it ({@code destination_caller_id}). */
    static final String OWNER_ID = of(Dataset.OWNER_HANDLES.getFirst());

    static final String OWNER_ACCOUNT = "E:" + of(Dataset.OWNER_HANDLES.get(1));

    private HandleIds() {}

    /** The id of a raw handle in any form; "" when it does not normalise. */
    static String of(String raw) {
        String normalized = HandleNormalizer.normalize(raw);
        if (normalized.startsWith("tel:")) {
            return normalized.substring("tel:".length());
        }
        if (normalized.startsWith("mailto:")) {
            return normalized.substring("mailto:".length());
        }
        return normalized;
    }

    static boolean isOwner(String id) {
        return Dataset.OWNER_HANDLES.stream().anyMatch(owner -> of(owner).equals(id));
    }
}
