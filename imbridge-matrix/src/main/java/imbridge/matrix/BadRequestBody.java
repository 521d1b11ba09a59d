package imbridge.matrix;

/** A request body the appservice cannot read at all: answered 400 with {@link #errcode}. */
final class BadRequestBody extends Exception {
    private static final long serialVersionUID = 1L;

    final String errcode;

    BadRequestBody(String errcode, String message) {
        super(message);
        this.errcode = errcode;
    }
}
