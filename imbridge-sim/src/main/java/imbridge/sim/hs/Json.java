package imbridge.sim.hs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/** JSON parsing and validation with Matrix error semantics. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Canonical JSON only allows integers in this range (room versions 6+). */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Json() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * Parses a request body that must be a JSON object, like Synapse's {@code parse_json_object_from_request}:
     * unparseable → {@code M_NOT_JSON}, valid JSON that is not an object → {@code M_BAD_JSON}.
     */
    static ObjectNode parseObject(byte[] body, boolean allowEmpty) {
        if (body.length == 0 || isBlank(body)) {
            if (allowEmpty) {
                return object();
            }
            throw MatrixException.notJson("Content not JSON.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw MatrixException.notJson("Content not JSON.");
        }
        if (node == null || !node.isObject()) {
            throw MatrixException.badJson("Content must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    /** Rejects values canonical JSON forbids (floats, integers beyond ±2^53), as Synapse does for events. */
    static void requireCanonical(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            throw MatrixException.badJson("Bad JSON value: float");
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || Math.abs(node.longValue()) > MAX_SAFE_INTEGER) {
                throw MatrixException.badJson("JSON integer out of range: " + node);
            }
            return;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                requireCanonical(child);
            }
        }
    }

    static String optString(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw MatrixException.badJson("'" + field + "' must be a string");
        }
        return node.textValue();
    }

    static String requireString(ObjectNode body, String field) {
        String value = optString(body, field);
        if (value == null) {
            throw MatrixException.missingParam("Missing '" + field + "'");
        }
        return value;
    }

    static boolean optBoolean(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw MatrixException.badJson("'" + field + "' must be a boolean");
        }
        return node.booleanValue();
    }

    static ObjectNode optObject(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw MatrixException.badJson("'" + field + "' must be an object");
        }
        return (ObjectNode) node;
    }

    static ArrayNode optArray(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw MatrixException.badJson("'" + field + "' must be a list");
        }
        return (ArrayNode) node;
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
    }

    static ObjectNode of(Map<String, ?> map) {
        return MAPPER.valueToTree(map);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
