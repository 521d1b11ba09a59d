package imbridge.sim.cloudkit;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A group of faults the simulator injects on its own, at {@link SimConfig#faultRate()}, deterministically by seed. */
public enum FaultFamily {
    /**
     * On {@code changes/zone}: 500 INTERNAL_ERROR, 503 TRY_AGAIN_LATER, 429 THROTTLED, 503 ZONE_BUSY,
     * 410 CHANGE_TOKEN_EXPIRED, a stalled token, truncated JSON and slow answers ({@link RandomFaults}).
     */
    CLOUDKIT,
    /**
     * On asset downloads ({@link AssetFaults}): a latency schedule, transient failures (500, 503, truncated
     * bodies, downloads stalled beyond the client's timeout) that clear after at most two attempts, slow but
     * good downloads, and permanently broken assets with a reason, which the truth marks.
     */
    ASSETS,
    /** On the live push stream ({@link LiveFeed}): the connection is dropped every 25–60 new events. */
    LIVE;

    public static final String NONE = "none";

    /** The name used on command lines. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code none} or a comma-separated list of family names such as {@code cloudkit}. */
    public static Set<FaultFamily> parseSet(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("fault selection is empty; use '" + NONE + "' or one of " + names());
        }
        Set<FaultFamily> families = EnumSet.noneOf(FaultFamily.class);
        for (String part : value.split(",")) {
            String name = part.strip();
            if (name.equalsIgnoreCase(NONE)) {
                continue;
            }
            families.add(Arrays.stream(values())
                    .filter(f -> f.id().equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault family '" + name + "'; expected '"
                            + NONE + "' or a comma-separated list of " + names())));
        }
        return families;
    }

    /** {@code none} for an empty set, else the names joined by commas. */
    public static String format(Set<FaultFamily> families) {
        return families.isEmpty()
                ? NONE
                : String.join(",", families.stream().map(FaultFamily::id).toList());
    }

    private static String names() {
        return Arrays.stream(values()).map(FaultFamily::id).toList().toString();
    }
}
