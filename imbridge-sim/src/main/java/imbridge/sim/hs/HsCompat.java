package imbridge.sim.hs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which homeserver release the double behaves as. {@link #CURRENT} is a current Synapse; {@link #SYNAPSE_1_67} is the
 * Synapse many servers still run: spec versions up to v1.2, no authenticated media ({@code /_matrix/client/v1/media}),
 * 400 {@code M_UNRECOGNIZED} for endpoints it does not know, appservice transactions pushed to the legacy unprefixed
 * path with the {@code access_token} query parameter only, no appservice ping, and edits applied server-side in
 * {@code /messages} (MSC2676 as it was before MSC3925).
 */
public enum HsCompat {
    CURRENT("current"),
    SYNAPSE_1_67("synapse-1.67");

    private final String label;

    HsCompat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean legacy() {
        return this != CURRENT;
    }

    /** {@code current} or {@code synapse-1.67} (case-insensitive). */
    public static HsCompat parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (HsCompat c : values()) {
            if (c.label.equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "unknown homeserver compatibility mode '" + text + "'; known: " + String.join(", ", labels()));
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(HsCompat::label).toList();
    }

    /** The spec versions {@code /versions} advertises in this mode. */
    List<String> specVersions(List<String> current) {
        return legacy()
                ? List.of(
                        "r0.0.1", "r0.1.0", "r0.2.0", "r0.3.0", "r0.4.0", "r0.5.0", "r0.6.0", "r0.6.1", "v1.1", "v1.2")
                : current;
    }
}
