package imbridge.applelocal.chatdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.core.port.CloudSourceErrors;
import imbridge.core.port.CloudSourceException;

/**
 * Where a feed stands in a Messages database: the engine stores it as an opaque sync token (JSON).
 *
 * @param rows       ROWID high-water mark of the feed's table over completed passes: rows up to it were delivered
 * @param scan       ROWID the current pass has read up to (0 between passes: the next pass starts at the beginning,
 *                   because it looks for edits of old rows as well; only the message feed uses it)
 * @param deleted    ROWID high-water mark of the feed's {@code sync_deleted_*} table
 * @param edited     highest {@code date_edited} seen by the completed passes (messages only)
 * @param editedSeen highest {@code date_edited} seen so far in the current pass (messages only)
 */
public record PositionToken(long rows, long scan, long deleted, long edited, long editedSeen) {
    public static final PositionToken START = new PositionToken(0, 0, 0, 0, 0);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    public PositionToken {
        if (rows < 0 || scan < 0 || deleted < 0 || edited < 0 || editedSeen < 0) {
            throw new IllegalArgumentException("negative position");
        }
    }

    /**
     * Reads a token of {@code feed}; null means the start.
     *
     * @throws CloudSourceException CHANGE_TOKEN_EXPIRED when the token is not one of ours (another feed, another
     *                              source, damaged): the engine then re-reads the feed from the start, which is
     *                              harmless because ingest is an upsert
     */
    public static PositionToken parse(String feed, String token) throws CloudSourceException {
        if (token == null || token.isBlank()) {
            return START;
        }
        try {
            JsonNode n = JSON.readTree(token);
            if (n == null
                    || !n.isObject()
                    || n.path("v").asInt(-1) != VERSION
                    || !feed.equals(n.path("feed").asText())) {
                throw expired(feed, "it is not a " + feed + " position of this reader");
            }
            return new PositionToken(
                    number(n, "rows"),
                    number(n, "scan"),
                    number(n, "deleted"),
                    number(n, "edited"),
                    number(n, "editedSeen"));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw expired(feed, e.getMessage());
        }
    }

    public String format(String feed) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION)
                .put("feed", feed)
                .put("rows", rows)
                .put("scan", scan)
                .put("deleted", deleted)
                .put("edited", edited)
                .put("editedSeen", editedSeen);
        return n.toString();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isMissingNode()) {
            return 0;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' is not an integer");
        }
        return v.asLong();
    }

    private static CloudSourceException expired(String feed, String why) {
        return new CloudSourceException(
                CloudSourceErrors.CHANGE_TOKEN_EXPIRED,
                "position token of the " + feed + " feed unusable (" + why + "); reading from the start",
                null,
                false,
                null);
    }
}
