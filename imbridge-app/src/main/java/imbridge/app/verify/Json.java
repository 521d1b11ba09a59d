package imbridge.app.verify;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The verifier's one Jackson mapper (thread-safe once configured). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
