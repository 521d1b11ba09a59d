package imbridge.store;

import imbridge.core.attachment.AttachmentContent;
import imbridge.core.attachment.AttachmentFailure;
import imbridge.core.attachment.AttachmentLedger;
import java.util.Map;
import java.util.Objects;

/** {@link AttachmentLedger} on SQL: the persisted upload cache and failure counts of one login. */
final class SqlAttachmentLedger implements AttachmentLedger {
    /** Error texts are kept short: the row is for retry decisions and the dashboard, not for full traces. */
    private static final int MAX_ERROR_LENGTH = 1000;

    private final SqlAccess sql;
    private final String login;

    SqlAttachmentLedger(SqlAccess sql, String login) {
        this.sql = sql;
        this.login = login;
    }

    @Override
    public Map<String, AttachmentContent> cachedContents() {
        return sql.reader().withHandle(h -> AttachmentLedgerTables.contents(h, login));
    }

    @Override
    public java.util.Optional<AttachmentContent> cachedContent(String recordName) {
        Objects.requireNonNull(recordName, "recordName");
        return sql.reader().withHandle(h -> AttachmentLedgerTables.content(h, login, recordName));
    }

    @Override
    public void saveContent(String recordName, AttachmentContent content) {
        Objects.requireNonNull(recordName, "recordName");
        Objects.requireNonNull(content, "content");
        long now = sql.now();
        sql.writer().useHandle(h -> AttachmentLedgerTables.saveContent(h, login, recordName, content, now));
    }

    @Override
    public Map<String, AttachmentFailure> failures() {
        return sql.reader().withHandle(h -> AttachmentLedgerTables.failures(h, login));
    }

    @Override
    public int recordFailure(String recordName, String error) {
        Objects.requireNonNull(recordName, "recordName");
        String text = error == null ? "unknown error" : error;
        String shortened = text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
        long now = sql.now();
        return sql.writer()
                .inTransaction(h -> AttachmentLedgerTables.recordFailure(h, login, recordName, shortened, now));
    }

    @Override
    public void clearFailure(String recordName) {
        Objects.requireNonNull(recordName, "recordName");
        sql.writer().useHandle(h -> AttachmentLedgerTables.clearFailure(h, login, recordName));
    }
}
