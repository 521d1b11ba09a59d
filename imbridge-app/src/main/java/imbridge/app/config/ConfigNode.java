package imbridge.app.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Typed, path-aware reads from the YAML tree: every error names the full key. */
final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final java.util.Set<String> read = new java.util.HashSet<>();

    ConfigNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    ConfigNode section(String name) {
        read.add(name);
        JsonNode child = node == null ? null : node.get(name);
        if (child != null && !child.isNull() && !child.isObject()) {
            throw new ConfigException(key(name), "expected a section (mapping)");
        }
        return new ConfigNode(child, key(name));
    }

    String string(String name, String fallback) {
        JsonNode v = value(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new ConfigException(key(name), "expected a string");
        }
        return v.asText();
    }

    String requiredString(String name) {
        String v = string(name, null);
        if (v == null || v.isBlank()) {
            throw new ConfigException(key(name), "is required");
        }
        return v;
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = value(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ConfigException(key(name), "expected true or false");
        }
        return v.asBoolean();
    }

    int integer(String name, int fallback, int min, int max) {
        JsonNode v = value(name);
        if (v == null) {
            return fallback;
        }
        if (!v.canConvertToInt() || !(v.isIntegralNumber() || v.isTextual() && v.asText().matches("-?\\d+"))) {
            throw new ConfigException(key(name), "expected an integer, got '" + v.asText() + "'");
        }
        int i = v.asInt();
        if (i < min || i > max) {
            throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + i);
        }
        return i;
    }

    Duration duration(String name, Duration fallback) {
        JsonNode v = value(name);
        return v == null ? fallback : DurationParser.parse(key(name), v.asText());
    }

    List<Duration> durations(String name, List<Duration> fallback) {
        JsonNode v = value(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isArray()) {
            throw new ConfigException(key(name), "expected a list of durations like [15s, 60s, 3m]");
        }
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(DurationParser.parse(key(name) + "[" + i + "]", v.get(i).asText()));
        }
        return out;
    }

    List<String> strings(String name, List<String> fallback) {
        JsonNode v = value(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isArray()) {
            throw new ConfigException(key(name), "expected a list");
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** Rejects keys nobody asked for: a typo must not silently fall back to a default. */
    void rejectUnknownKeys() {
        if (node == null) {
            return;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!read.contains(name)) {
                throw new ConfigException(key(name), "unknown key");
            }
        });
    }

    private JsonNode value(String name) {
        read.add(name);
        JsonNode v = node == null ? null : node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
