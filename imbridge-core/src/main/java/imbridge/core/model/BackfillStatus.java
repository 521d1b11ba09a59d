package imbridge.core.model;

public enum BackfillStatus {
    PENDING, RUNNING, DONE, FAILED
}
