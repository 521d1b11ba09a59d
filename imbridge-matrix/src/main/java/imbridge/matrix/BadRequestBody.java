package imbridge.matrix;

/** A request body the appservice cannot read at all: answered {@link #status} (400 or 413) with {@link #errcode}. */
final class BadRequestBody extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final String errcode;

    BadRequestBody(String errcode, String message) {
        this(400, errcode, message);
    }

    BadRequestBody(int status, String errcode, String message) {
        super(message);
        this.status = status;
        this.errcode = errcode;
    }
}
