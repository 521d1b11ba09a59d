package imbridge.cloudkit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One structural edit of a JSON document, the kind a broken or hostile server produces: a member or element removed,
 * replaced by a value of another type or an absurd number, repeated with a second value under the same key (a
 * duplicate key, which a tree cannot hold, so edits are rendered as text) or an element repeated. {@code at} picks
 * the member or element in document order, modulo their number, so an edit applies to any document.
 */
sealed interface JsonEdit {
    JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Values of every JSON type, the numbers at and past the INT64 edges, and text that is not a GUID. */
    List<JsonNode> ODD_VALUES = List.of(
            NODES.nullNode(),
            NODES.booleanNode(true),
            NODES.textNode(""),
            NODES.textNode(" "),
            NODES.textNode("\uFFFD"),
            NODES.textNode("x".repeat(5_000)),
            NODES.numberNode(0),
            NODES.numberNode(-1),
            NODES.numberNode(Long.MIN_VALUE),
            NODES.numberNode(Long.MAX_VALUE),
            NODES.numberNode(new BigInteger("9223372036854775808")),
            NODES.numberNode(new BigInteger("-99999999999999999999999999")),
            NODES.numberNode(1e308),
            NODES.numberNode(-0.5),
            NODES.arrayNode(),
            NODES.arrayNode().add("a").add(1),
            NODES.objectNode(),
            NODES.objectNode().putNull("value"),
            NODES.objectNode().put("value", "x").put("type", "STRING"),
            NODES.objectNode().put("value", 1).put("type", "INT64"),
            NODES.objectNode().put("value", Long.MAX_VALUE).put("type", "TIMESTAMP"),
            NODES.objectNode().set("value", NODES.arrayNode().add(NODES.objectNode())));

    /** Removes the member or element. */
    record Remove(int at) implements JsonEdit {}

    /** Replaces the value of the member or element with {@code ODD_VALUES[value]}. */
    record Replace(int at, int value) implements JsonEdit {}

    /** Repeats the member's key with {@code ODD_VALUES[value]} after it; on an element, repeats the element. */
    record Repeat(int at, int value) implements JsonEdit {}

    int at();

    /** The document with the edits applied, as JSON text (which may repeat keys). */
    static String apply(JsonNode document, List<JsonEdit> edits) {
        JsonNode copy = document.deepCopy();
        Map<ObjectNode, List<Map.Entry<String, JsonNode>>> repeats = new IdentityHashMap<>();
        for (JsonEdit edit : edits) {
            List<Slot> slots = new ArrayList<>();
            collect(copy, slots);
            if (slots.isEmpty()) {
                break;
            }
            Slot slot = slots.get(Math.floorMod(edit.at(), slots.size()));
            switch (edit) {
                case Remove r -> slot.remove();
                case Replace r -> slot.set(odd(r.value()));
                case Repeat r -> slot.repeat(odd(r.value()), repeats);
            }
        }
        return render(copy, repeats);
    }

    private static JsonNode odd(int index) {
        return ODD_VALUES.get(Math.floorMod(index, ODD_VALUES.size())).deepCopy();
    }

    /** A member of an object or an element of an array. */
    record Slot(JsonNode parent, String key, int index) {
        void remove() {
            if (parent instanceof ObjectNode object) {
                object.remove(key);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }

        void set(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(key, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void repeat(JsonNode value, Map<ObjectNode, List<Map.Entry<String, JsonNode>>> repeats) {
            if (parent instanceof ObjectNode object) {
                repeats.computeIfAbsent(object, o -> new ArrayList<>()).add(Map.entry(key, value));
            } else {
                ArrayNode array = (ArrayNode) parent;
                array.insert(index + 1, array.get(index).deepCopy());
            }
        }
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                slots.add(new Slot(object, key, -1));
                collect(object.get(key), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                collect(array.get(i), slots);
            }
        }
    }

    private static String render(JsonNode node, Map<ObjectNode, List<Map.Entry<String, JsonNode>>> repeats) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new ObjectMapper().createGenerator(out)) {
            write(generator, node, repeats);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(
            JsonGenerator out, JsonNode node, Map<ObjectNode, List<Map.Entry<String, JsonNode>>> repeats)
            throws IOException {
        if (node instanceof ObjectNode object) {
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                out.writeFieldName(member.getKey());
                write(out, member.getValue(), repeats);
            }
            for (Map.Entry<String, JsonNode> repeat : repeats.getOrDefault(object, List.of())) {
                out.writeFieldName(repeat.getKey());
                write(out, repeat.getValue(), repeats);
            }
            out.writeEndObject();
        } else if (node instanceof ArrayNode array) {
            out.writeStartArray();
            for (JsonNode element : array) {
                write(out, element, repeats);
            }
            out.writeEndArray();
        } else {
            out.writeTree(node);
        }
    }
}
