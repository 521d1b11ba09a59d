package imbridge.cloudkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Typed access to a record's {@code fields} dictionary ({@code name: {"value": …, "type": …}}). A field
 * whose value is absent or JSON null counts as absent; a present field of the wrong shape or declared
 * type is an error, never silently coerced.
 */
final class RecordFields {
    private static final Set<String> STRING = Set.of("STRING");
    private static final Set<String> INT64 = Set.of("INT64");
    private static final Set<String> STRING_LIST = Set.of("STRING_LIST", "LIST");
    private static final Set<String> LIST = Set.of("LIST");
    private static final Set<String> ASSET = Set.of("ASSETID", "ASSET");

    private final JsonNode fields;

    private RecordFields(JsonNode fields) {
        this.fields = fields;
    }

    static RecordFields of(JsonNode record) throws RecordDecodeException {
        JsonNode fields = record.get("fields");
        if (fields == null || fields.isNull()) {
            throw RecordDecodeException.missing("fields", "record has no fields");
        }
        if (!fields.isObject()) {
            throw RecordDecodeException.wrongType("fields", "'fields' is " + describe(fields) + ", expected an object");
        }
        return new RecordFields(fields);
    }

    String optionalString(String name) throws RecordDecodeException {
        JsonNode value = value(name, STRING);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw illTyped(name, "STRING", value);
        }
        return value.asText();
    }

    /** Present and not blank. */
    String requiredString(String name) throws RecordDecodeException {
        String value = optionalString(name);
        if (value == null) {
            throw missing(name);
        }
        if (value.isBlank()) {
            throw RecordDecodeException.missing(name, "field '" + name + "' is empty");
        }
        return value;
    }

    Long optionalLong(String name) throws RecordDecodeException {
        JsonNode value = value(name, INT64);
        if (value == null) {
            return null;
        }
        return asLong(name, value);
    }

    long requiredLong(String name) throws RecordDecodeException {
        Long value = optionalLong(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    /** Elements are returned as they are; the caller decides what to do with non-text elements. */
    List<JsonNode> optionalStringList(String name) throws RecordDecodeException {
        return optionalArray(name, STRING_LIST, "STRING_LIST");
    }

    List<JsonNode> optionalList(String name) throws RecordDecodeException {
        return optionalArray(name, LIST, "LIST");
    }

    JsonNode requiredAsset(String name) throws RecordDecodeException {
        JsonNode value = value(name, ASSET);
        if (value == null) {
            throw missing(name);
        }
        if (!value.isObject()) {
            throw illTyped(name, "ASSETID", value);
        }
        return value;
    }

    static long asLong(String what, JsonNode value) throws RecordDecodeException {
        if (!value.isIntegralNumber()) {
            throw illTyped(what, "INT64", value);
        }
        if (!value.canConvertToLong()) {
            throw RecordDecodeException.wrongType(what, "field '" + what + "' is out of the INT64 range: " + value);
        }
        return value.asLong();
    }

    static String describe(JsonNode node) {
        String text = node.toString();
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return node.getNodeType().name().toLowerCase() + " " + shown;
    }

    private List<JsonNode> optionalArray(String name, Set<String> types, String expected) throws RecordDecodeException {
        JsonNode value = value(name, types);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw illTyped(name, expected, value);
        }
        List<JsonNode> elements = new ArrayList<>(value.size());
        value.forEach(elements::add);
        return elements;
    }

    /** The field's value, or null when absent; checks the declared type when there is one. */
    private JsonNode value(String name, Set<String> acceptedTypes) throws RecordDecodeException {
        JsonNode field = fields.get(name);
        if (field == null || field.isNull()) {
            return null;
        }
        if (!field.isObject()) {
            throw RecordDecodeException.wrongType(
                    name, "field '" + name + "' is " + describe(field) + ", expected a {value, type} dictionary");
        }
        JsonNode type = field.get("type");
        if (type != null && !type.isNull()) {
            if (!type.isTextual() || !acceptedTypes.contains(type.asText())) {
                throw RecordDecodeException.wrongType(
                        name,
                        "field '" + name + "' has type " + type + ", expected "
                                + String.join(
                                        " or ", acceptedTypes.stream().sorted().toList()));
            }
        }
        JsonNode value = field.get("value");
        return value == null || value.isNull() ? null : value;
    }

    private static RecordDecodeException missing(String name) {
        return RecordDecodeException.missing(name);
    }

    private static RecordDecodeException illTyped(String name, String expected, JsonNode value) {
        return RecordDecodeException.wrongType(
                name, "field '" + name + "' is " + describe(value) + ", expected " + expected);
    }
}
