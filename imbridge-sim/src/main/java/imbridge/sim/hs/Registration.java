package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An application service registration, as in the standard registration YAML
 * ({@code id, url, as_token, hs_token, sender_localpart, rate_limited, namespaces.users[].regex}).
 *
 * <p>{@code userRegexes} holds every user namespace of the file (exclusive or not): the appservice may
 * register and masquerade as any of them. Regexes match like Synapse's {@code re.match}: anchored at the start only.
 *
 * @param url where the homeserver pushes transactions; {@code null} means "do not push" (as in Synapse)
 * @param sharedUserRegexes the namespaces of {@code userRegexes} marked {@code exclusive: false}: only these may
 *     cover a real user (the owner an appservice double-puppets), since an exclusive one claims its users for the
 *     appservice alone
 */
public record Registration(
        String id,
        String url,
        String asToken,
        String hsToken,
        String senderLocalpart,
        List<String> userRegexes,
        boolean rateLimited,
        List<String> sharedUserRegexes) {

    /** Every namespace exclusive. */
    public Registration(
            String id,
            String url,
            String asToken,
            String hsToken,
            String senderLocalpart,
            List<String> userRegexes,
            boolean rateLimited) {
        this(id, url, asToken, hsToken, senderLocalpart, userRegexes, rateLimited, List.of());
    }

    public Registration {
        requireText(id, "id");
        requireText(asToken, "as_token");
        requireText(hsToken, "hs_token");
        requireText(senderLocalpart, "sender_localpart");
        if (url != null && url.isBlank()) {
            url = null;
        }
        userRegexes = List.copyOf(userRegexes == null ? List.of() : userRegexes);
        sharedUserRegexes = List.copyOf(sharedUserRegexes == null ? List.of() : sharedUserRegexes);
        if (!userRegexes.containsAll(sharedUserRegexes)) {
            throw new IllegalArgumentException("every non-exclusive namespace must be one of the user namespaces");
        }
        for (String regex : userRegexes) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("appservice user namespace regex is invalid: " + regex, e);
            }
        }
    }

    /** Reads a registration YAML file; a missing required key is reported by name. */
    public static Registration load(Path yamlFile) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yamlFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read appservice registration " + yamlFile, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("appservice registration " + yamlFile + " is not a YAML mapping");
        }
        try {
            List<String> regexes = new ArrayList<>();
            List<String> shared = new ArrayList<>();
            JsonNode users = root.path("namespaces").path("users");
            if (!users.isMissingNode() && !users.isNull()) {
                if (!users.isArray()) {
                    throw new IllegalArgumentException("'namespaces.users' must be a list");
                }
                for (JsonNode ns : users) {
                    JsonNode regex = ns.get("regex");
                    if (regex == null || !regex.isTextual()) {
                        throw new IllegalArgumentException("every 'namespaces.users' entry needs a string 'regex'");
                    }
                    regexes.add(regex.textValue());
                    JsonNode exclusive = ns.get("exclusive");
                    if (exclusive != null && exclusive.isBoolean() && !exclusive.booleanValue()) {
                        shared.add(regex.textValue());
                    }
                }
            }
            JsonNode rateLimited = root.get("rate_limited");
            return new Registration(
                    text(root, "id"),
                    text(root, "url"),
                    text(root, "as_token"),
                    text(root, "hs_token"),
                    text(root, "sender_localpart"),
                    regexes,
                    rateLimited == null || rateLimited.isNull() || rateLimited.asBoolean(true),
                    shared);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("appservice registration " + yamlFile + ": " + e.getMessage(), e);
        }
    }

    /** The appservice's own user, {@code @<sender_localpart>:<serverName>}. */
    public String senderUserId(String serverName) {
        return "@" + senderLocalpart + ":" + serverName;
    }

    private static String text(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new IllegalArgumentException("'" + key + "' must be a scalar");
        }
        return node.asText();
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' is required");
        }
    }
}
