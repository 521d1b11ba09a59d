package imbridge.core.port;

/**
 * The live source failed: the stream broke or went silent, an acknowledgement or a send was refused. The live
 * receiver reconnects after any of them; a failed send is shown to the owner with this message.
 */
public class LiveSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    public LiveSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
