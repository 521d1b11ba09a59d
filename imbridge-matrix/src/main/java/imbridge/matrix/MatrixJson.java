package imbridge.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small JSON helpers shared by the server and the client. */
final class MatrixJson {
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private MatrixJson() {}

    /** A Matrix error body {@code {"errcode","error"}}. */
    static byte[] errorBody(ObjectMapper json, String errcode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", errcode);
        body.put("error", message);
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of two strings always serialises", e);
        }
    }
}
