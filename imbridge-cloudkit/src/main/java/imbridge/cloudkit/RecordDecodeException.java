package imbridge.cloudkit;

/** Why one record could not be decoded; becomes a {@link imbridge.core.model.RecordReject}'s reason. */
final class RecordDecodeException extends Exception {
    RecordDecodeException(String reason) {
        super(reason, null, false, false);
    }
}
