package imbridge.sim.hs;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Matrix error response: HTTP status plus {@code {"errcode","error", …extra}}. */
final class MatrixException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errcode;
    private final transient Map<String, Object> extra; // never serialised: exceptions here only travel in-process

    MatrixException(int status, String errcode, String message) {
        this(status, errcode, message, Map.of());
    }

    MatrixException(int status, String errcode, String message, Map<String, Object> extra) {
        super(message);
        this.status = status;
        this.errcode = errcode;
        this.extra = extra;
    }

    int status() {
        return status;
    }

    String errcode() {
        return errcode;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", errcode);
        body.put("error", getMessage());
        body.putAll(extra);
        return body;
    }

    static MatrixException forbidden(String message) {
        return new MatrixException(403, "M_FORBIDDEN", message);
    }

    static MatrixException notFound(String message) {
        return new MatrixException(404, "M_NOT_FOUND", message);
    }

    static MatrixException unrecognized(String message) {
        return new MatrixException(404, "M_UNRECOGNIZED", message);
    }

    static MatrixException notJson(String message) {
        return new MatrixException(400, "M_NOT_JSON", message);
    }

    static MatrixException badJson(String message) {
        return new MatrixException(400, "M_BAD_JSON", message);
    }

    static MatrixException missingParam(String message) {
        return new MatrixException(400, "M_MISSING_PARAM", message);
    }

    static MatrixException invalidParam(String message) {
        return new MatrixException(400, "M_INVALID_PARAM", message);
    }

    static MatrixException tooLarge(String message) {
        return new MatrixException(413, "M_TOO_LARGE", message);
    }

    static MatrixException missingToken(String message) {
        return new MatrixException(401, "M_MISSING_TOKEN", message);
    }

    static MatrixException unknownToken(String message) {
        return new MatrixException(401, "M_UNKNOWN_TOKEN", message, Map.of("soft_logout", false));
    }
}
