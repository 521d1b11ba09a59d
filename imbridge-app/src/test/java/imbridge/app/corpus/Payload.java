package imbridge.app.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bytes a case sends, written in the case file as one of: a plain string (UTF-8), {@code {json: <any YAML>}},
 * {@code {base64: ...}}, {@code {hex: ...}}, {@code {repeat: unit, times: n, prefix: .., suffix: ..}} for huge or
 * deeply nested input, or {@code {endless: unit}} for a body that never ends (only a peer can send that).
 */
record Payload(byte[] bytes, byte[] endlessUnit) {

    static final Payload EMPTY = new Payload(new byte[0], null);

    static Payload of(JsonNode spec) {
        if (spec == null || spec.isMissingNode() || spec.isNull()) {
            return EMPTY;
        }
        if (spec.isTextual()) {
            return new Payload(utf8(spec.asText()), null);
        }
        if (spec.has("json")) {
            try {
                return new Payload(CorpusCase.YAML_AS_JSON.writeValueAsBytes(spec.get("json")), null);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("payload json cannot be written", e);
            }
        }
        if (spec.has("base64")) {
            return new Payload(Base64.getMimeDecoder().decode(spec.get("base64").asText()), null);
        }
        if (spec.has("hex")) {
            return new Payload(HexFormat.of().parseHex(spec.get("hex").asText().replaceAll("\\s", "")), null);
        }
        if (spec.has("repeat")) {
            String unit = spec.get("repeat").asText();
            int times = spec.path("times").asInt(1);
            String text = spec.path("prefix").asText("")
                    + unit.repeat(times)
                    + spec.path("suffix").asText("");
            return new Payload(utf8(text), null);
        }
        if (spec.has("endless")) {
            return new Payload(
                    utf8(spec.path("prefix").asText("")),
                    utf8(spec.get("endless").asText()));
        }
        throw new IllegalArgumentException("not a payload: " + spec);
    }

    boolean endless() {
        return endlessUnit != null;
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes the bytes, then (when endless) the unit again and again until the reader goes away. */
    void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
        if (endless()) {
            byte[] block = new String(endlessUnit, StandardCharsets.UTF_8)
                    .repeat(Math.max(1, 8192 / endlessUnit.length))
                    .getBytes(StandardCharsets.UTF_8);
            while (true) {
                out.write(block); // ends with an IOException once the reader closes the connection
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
