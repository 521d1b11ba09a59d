package imbridge.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads {@code config.yaml} and binds it to the {@link ConfigFile} records with Jackson. The mapper is strict where a
 * lenient one would hide a mistake: unknown keys, quoted numbers, {@code 2.5} for an integer and {@code "yes"} for a
 * boolean all fail. Every failure becomes a {@link ConfigException} naming the full key
 * ({@code cloudkit.resync_delays[1]}) and saying what was expected.
 */
final class ConfigBinding {
    private static final ObjectMapper YAML = strictMapper();

    private ConfigBinding() {}

    /** The file's tree; anything but a mapping at the top counts as an empty file (every key absent). */
    static JsonNode read(String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("(file)", "not valid YAML: " + e.getMessage());
        }
        return tree != null && tree.isObject() ? tree : YAML.createObjectNode();
    }

    /** {@code node} as a {@code type}; problems are reported under {@code key} (empty for the whole file). */
    static <T> T bind(JsonNode node, Class<T> type, String key) {
        try {
            return YAML.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw problem(e, node, key);
        }
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // a key written twice would silently take the second value
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .registerModule(
                        new SimpleModule("config-durations").addDeserializer(Duration.class, new DurationValue()));
        // Only what YAML itself typed: 8080 is an integer, '8080' is text; true is a boolean, 'true' is text.
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    private static ConfigException problem(JsonProcessingException e, JsonNode node, String key) {
        StringBuilder fullKey = new StringBuilder(key);
        JsonNode value = node;
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    fullKey.append(fullKey.isEmpty() ? "" : ".").append(ref.getFieldName());
                    value = value.path(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    fullKey.append('[').append(ref.getIndex()).append(']');
                    value = value.path(ref.getIndex());
                }
            }
        }
        return new ConfigException(fullKey.toString(), expectation(e, value));
    }

    /** What the key should have held, in the words of the hand-written parser this binding replaced. */
    private static String expectation(JsonProcessingException e, JsonNode value) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Problem p) {
                return p.getOriginalMessage();
            }
            if (t instanceof UnrecognizedPropertyException) {
                return "unknown key";
            }
            Class<?> target = t instanceof MismatchedInputException m
                    ? m.getTargetType()
                    : t instanceof InputCoercionException c ? c.getTargetType() : null;
            if (target != null) {
                return expectation(target, value);
            }
        }
        return e.getOriginalMessage();
    }

    private static String expectation(Class<?> target, JsonNode value) {
        if (target == Integer.class || target == int.class) {
            return "expected an integer, got '" + value.asText() + "'";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "expected true or false";
        }
        if (target == String.class) {
            return "expected a string";
        }
        if (Collection.class.isAssignableFrom(target)) {
            return "expected a list";
        }
        return target.isRecord() ? "expected a section (mapping)" : "expected a " + target.getSimpleName();
    }

    /** A value our own deserializers refused; its message is the one shown. */
    private static final class Problem extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        Problem(JsonParser p, String message) {
            super(p, message);
        }
    }

    /** A duration: {@code 500ms}, {@code 90s}, {@code 3m}, {@code 1h}. */
    private static final class DurationValue extends StdDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationValue() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return parse(p);
        }

        static Duration parse(JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            try {
                return DurationParser.parse(token != null && token.isScalarValue() ? p.getText() : "");
            } catch (IllegalArgumentException e) {
                throw new Problem(p, e.getMessage());
            }
        }
    }

    /** A list of durations, e.g. {@code [15s, 60s, 3m]}; a problem names the entry ({@code key[1]}). */
    static final class DurationList extends StdDeserializer<List<Duration>> {
        private static final long serialVersionUID = 1L;

        DurationList() {
            super(List.class);
        }

        @Override
        public List<Duration> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                throw new Problem(p, "expected a list of durations like [15s, 60s, 3m]");
            }
            List<Duration> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                try {
                    out.add(DurationValue.parse(p));
                } catch (Problem e) {
                    throw JsonMappingException.wrapWithPath(e, out, out.size());
                }
            }
            return out;
        }
    }
}
