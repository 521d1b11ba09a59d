package imbridge.core.model;

public enum BackfillStatus {
    PENDING,
    RUNNING,
    DONE,
    FAILED,
    /** Stopped before a message whose attachment records have not arrived yet; resumes after the next sync. */
    WAITING
}
