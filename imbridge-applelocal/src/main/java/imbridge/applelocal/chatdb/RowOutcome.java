package imbridge.applelocal.chatdb;

import imbridge.core.model.RecordReject;

/** What became of one database row: a record, a reject (quarantined with a reason), or a logged skip. */
sealed interface RowOutcome<T> {
    record Mapped<T>(T record) implements RowOutcome<T> {}

    record Rejected<T>(RecordReject reject, String detail) implements RowOutcome<T> {}

    record Skipped<T>(String reason, String detail) implements RowOutcome<T> {}
}
