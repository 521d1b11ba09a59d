package imbridge.matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * The appservice registration file the homeserver loads (behaviour.md §BF6.1). The bot and every
 * ghost are in exclusive user namespaces; with double puppeting the owner's own MXID is in a further,
 * non-exclusive one (the owner is a real user, whom the appservice may act for but does not own), as mautrix
 * bridges register it. Deviation from mautrix-go: {@code sender_localpart} is the
 * bot's localpart rather than a random unused one, so requests without {@code user_id} act as the
 * bot on every homeserver.
 */
public final class RegistrationWriter {

    private RegistrationWriter() {}

    /** The registration YAML; {@code extraUserRegexes} are added as further exclusive user namespaces. */
    public static String yaml(MatrixConfig cfg, List<String> extraUserRegexes) {
        return yaml(cfg, extraUserRegexes, false);
    }

    /** As {@link #yaml(MatrixConfig, List)}; {@code doublePuppet} adds the owner's non-exclusive namespace. */
    public static String yaml(MatrixConfig cfg, List<String> extraUserRegexes, boolean doublePuppet) {
        List<String> userRegexes = new ArrayList<>(userRegexes(cfg));
        userRegexes.addAll(extraUserRegexes);
        StringBuilder out = new StringBuilder();
        out.append("id: ").append(quote(cfg.appserviceId())).append('\n');
        out.append("url: ").append(quote(cfg.registrationUrl())).append('\n');
        out.append("as_token: ").append(quote(cfg.asToken())).append('\n');
        out.append("hs_token: ").append(quote(cfg.hsToken())).append('\n');
        out.append("sender_localpart: ").append(quote(cfg.botLocalpart())).append('\n');
        out.append("rate_limited: false\n");
        out.append("namespaces:\n");
        out.append("  users:\n");
        for (String regex : userRegexes) {
            out.append("    - regex: ").append(quote(regex)).append('\n');
            out.append("      exclusive: true\n");
        }
        if (doublePuppet) {
            out.append("    - regex: ").append(quote(ownerRegex(cfg))).append('\n');
            out.append("      exclusive: false\n");
        }
        out.append("de.sorunome.msc2409.push_ephemeral: false\n");
        out.append("receive_ephemeral: false\n");
        return out.toString();
    }

    /** {@code ^@<bot>:<domain>$} and {@code ^@<ghost prefix>.*:<domain>$}, literal parts regex-quoted. */
    public static List<String> userRegexes(MatrixConfig cfg) {
        String domain = regexQuote(cfg.domain());
        return List.of(
                "^@" + regexQuote(cfg.botLocalpart()) + ":" + domain + "$",
                "^@" + regexQuote(cfg.ghostPrefix()) + ".*:" + domain + "$");
    }

    /** {@code ^<owner MXID>$}, quoted: the owner alone, for double puppeting. */
    public static String ownerRegex(MatrixConfig cfg) {
        return "^" + regexQuote(cfg.ownerUserId()) + "$";
    }

    /** Backslash-escapes regex metacharacters, the form Python, Go and Java regexes all read. */
    static String regexQuote(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 4);
        for (char c : literal.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** YAML single-quoted scalar: backslashes are literal, a quote is doubled. */
    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
