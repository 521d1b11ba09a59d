package imbridge.sim.cloudkit;

import java.util.Arrays;
import java.util.Locale;

/** Which kinds of records the generated account holds (wire-contracts.md §1, "Full record model"). */
public enum SimProfile {
    /** Chats, messages and attachments of ordinary conversations (the walking skeleton's dataset). */
    BASIC,
    /**
     * {@link #BASIC} plus filtered chats, a self-chat, system and service messages, tapbacks, replies, edits,
     * unsent messages, tombstones, malformed records and records that arrive late.
     */
    FULL;

    /** The name used on command lines and in JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code basic} or {@code full} (case-insensitive). */
    public static SimProfile parse(String value) {
        if (value != null) {
            for (SimProfile profile : values()) {
                if (profile.id().equalsIgnoreCase(value.strip())) {
                    return profile;
                }
            }
        }
        throw new IllegalArgumentException("unknown simulator profile '" + value + "'; expected one of "
                + Arrays.stream(values()).map(SimProfile::id).toList());
    }
}
