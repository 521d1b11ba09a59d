package imbridge.core.testing;

import imbridge.core.model.BackfillCursor;
import imbridge.core.model.BackwardTask;
import imbridge.core.model.SentPart;
import imbridge.core.port.BackwardTasks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fake of the BackwardTasks port over an {@link InMemoryBridgeStore}: committed parts land in the store's
 * message map (so its {@code existingParts} and {@code isBridged} see them) and the tasks live in the store, so
 * its {@code forgetPortalRoom} drops them. Every access locks the store, as the store's own methods do. Held to
 * the SQL stores' contract by imbridge-store's {@code InMemoryBackwardBackfillContractTest}.
 */
public final class InMemoryBackwardTasks implements BackwardTasks {

    private final InMemoryBridgeStore store;
    /** Every task committed with a page, in commit order. */
    public final List<BackwardTask> checkpoints = new ArrayList<>();

    public InMemoryBackwardTasks(InMemoryBridgeStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<BackwardTask> backwardTask(String portalId) {
        synchronized (store) {
            return Optional.ofNullable(store.backwardTasks.get(portalId));
        }
    }

    @Override
    public void saveBackwardTask(BackwardTask task) {
        validate(task);
        synchronized (store) {
            store.backwardTasks.put(task.portalId(), task);
        }
    }

    @Override
    public void commitBackwardBatch(List<SentPart> sent, BackwardTask task) {
        Objects.requireNonNull(sent, "sent");
        validate(task);
        for (SentPart part : sent) {
            if (!task.portalId().equals(part.portalId())) {
                throw new IllegalArgumentException(
                        "a backward page of " + task.portalId() + " holds a part of another portal: " + part);
            }
        }
        synchronized (store) {
            sent.forEach(p -> store.map
                    .computeIfAbsent(p.portalId(), k -> new LinkedHashMap<>())
                    .putIfAbsent(p.key(), p));
            store.backwardTasks.put(task.portalId(), task);
            checkpoints.add(task);
        }
    }

    /** The SQL store's checks, so a test of the engine fails here as it would against the real store. */
    private static void validate(BackwardTask task) {
        if (task == null) {
            throw new IllegalArgumentException("backward task is required");
        }
        if (task.portalId().isBlank()) {
            throw new IllegalArgumentException("backward task needs a portal: " + task);
        }
        if (task.messagesDone() < 0 || task.partsSent() < 0) {
            throw new IllegalArgumentException("backward task counts must not be negative: " + task);
        }
    }

    @Override
    public List<BackwardTask> openBackwardTasks() {
        synchronized (store) {
            return store.backwardTasks.values().stream()
                    .filter(t -> !t.done())
                    .sorted(Comparator.comparingLong(BackwardTask::updatedMs).thenComparing(BackwardTask::portalId))
                    .toList();
        }
    }

    @Override
    public Optional<BackfillCursor> oldestBridged(String portalId) {
        synchronized (store) {
            Map<?, SentPart> parts = store.map.getOrDefault(portalId, Map.of());
            return parts.values().stream()
                    .map(p -> new BackfillCursor(p.timestampMs(), p.key().guidNorm()))
                    .min(Comparator.comparingLong(BackfillCursor::timestampMs).thenComparing(BackfillCursor::guidNorm));
        }
    }

    @Override
    public void deleteBackwardTask(String portalId) {
        synchronized (store) {
            store.backwardTasks.remove(portalId);
        }
    }
}
