package imbridge.app.verify;

/** {@code mxc://<server>/<mediaId>}. */
public record MxcUri(String server, String mediaId) {
    private static final String SCHEME = "mxc://";

    public static MxcUri parse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not an mxc:// URI: " + uri);
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("malformed mxc URI (want mxc://server/mediaId): " + uri);
        }
        return new MxcUri(rest.substring(0, slash), rest.substring(slash + 1));
    }
}
