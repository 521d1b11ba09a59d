package imbridge.core.attachment;

/** An attachment that could not be downloaded, verified or uploaded. */
public class AttachmentException extends Exception {
    public AttachmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
