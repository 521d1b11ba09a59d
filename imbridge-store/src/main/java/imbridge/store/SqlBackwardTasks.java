package imbridge.store;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackwardTask;
import imbridge.core.model.SentPart;
import imbridge.core.port.BackwardTasks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link BackwardTasks} of one login on SQL: the {@code backward_task} rows, and the message map they write
 * into. A page's parts and the task's new position are committed in one writer transaction, like forward
 * backfill's checkpoint, so a crash resumes at the last committed page.
 */
final class SqlBackwardTasks implements BackwardTasks {

    private final SqlAccess sql;
    private final String login;

    SqlBackwardTasks(SqlAccess sql, String login) {
        this.sql = sql;
        this.login = login;
    }

    @Override
    public Optional<BackwardTask> backwardTask(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        return sql.reader().withHandle(h -> BackwardTaskTable.find(h, login, portalId));
    }

    @Override
    public void saveBackwardTask(BackwardTask task) {
        BackwardTaskTable.validate(task);
        sql.writer().useHandle(h -> BackwardTaskTable.upsert(h, login, task));
    }

    @Override
    public void commitBackwardBatch(List<SentPart> sent, BackwardTask task) {
        Objects.requireNonNull(sent, "sent");
        BackwardTaskTable.validate(task);
        MessageMapTable.validate(sent);
        for (SentPart part : sent) {
            if (!part.portalId().equals(task.portalId())) {
                throw new IllegalArgumentException(
                        "a backward page of " + task.portalId() + " holds a part of another portal: " + part);
            }
        }
        sql.writer().useTransaction(h -> {
            MessageMapTable.insertIgnoringExisting(h, login, sent);
            BackwardTaskTable.upsert(h, login, task);
        });
    }

    @Override
    public List<BackwardTask> openBackwardTasks() {
        return sql.reader().withHandle(h -> BackwardTaskTable.open(h, login));
    }

    @Override
    public Optional<BackfillCursor> oldestBridged(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        return sql.reader().withHandle(h -> MessageMapTable.oldest(h, login, portalId));
    }

    @Override
    public void deleteBackwardTask(String portalId) {
        Objects.requireNonNull(portalId, "portalId");
        sql.writer().useHandle(h -> BackwardTaskTable.delete(h, login, portalId));
    }
}
