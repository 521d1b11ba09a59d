package imbridge.app.verify;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the first few examples of each kind of fault and hands out a mix of kinds, so one flood of missing
 * parts does not hide a single swapped pair.
 */
final class SampleCollector {
    private final int limit;
    private final Map<Problem, List<ProblemSample>> byKind = new EnumMap<>(Problem.class);

    SampleCollector(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("sample limit must not be negative, was " + limit);
        }
        this.limit = limit;
    }

    void add(ProblemSample sample) {
        List<ProblemSample> kind = byKind.computeIfAbsent(sample.problem(), k -> new ArrayList<>());
        if (kind.size() < limit) {
            kind.add(sample);
        }
    }

    /** Adds another collector's samples, kind by kind in the order they were added there. */
    void addAll(SampleCollector other) {
        other.byKind.values().forEach(kind -> kind.forEach(this::add));
    }

    /** Replaces samples in place (filling in details known only at the end); same kinds, same order. */
    void replaceAll(java.util.function.UnaryOperator<ProblemSample> change) {
        byKind.values().forEach(kind -> kind.replaceAll(change));
    }

    /** Up to {@code limit} samples, taken round-robin across kinds in {@link Problem} order. */
    List<ProblemSample> pick() {
        List<ProblemSample> picked = new ArrayList<>(Math.min(limit, 64));
        for (int round = 0; picked.size() < limit; round++) {
            boolean any = false;
            for (List<ProblemSample> kind : byKind.values()) {
                if (round < kind.size() && picked.size() < limit) {
                    picked.add(kind.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return picked;
    }
}
