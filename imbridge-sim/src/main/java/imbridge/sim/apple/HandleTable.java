package imbridge.sim.apple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code handle} rows: one per (id, service), ROWIDs in order of first use and kept across snapshots. */
final class HandleTable {

    private final Map<String, AppleExportPlan.HandleRow> rows = new HashMap<>();
    private final List<AppleExportPlan.HandleRow> ordered = new ArrayList<>();
    private long highest;

    HandleTable(AppleExportPlan previous) {
        if (previous != null) {
            previous.handles().forEach(this::keep);
        }
    }

    private void keep(AppleExportPlan.HandleRow row) {
        rows.put(key(row.id(), row.service()), row);
        ordered.add(row);
        highest = Math.max(highest, row.rowid());
    }

    long rowid(String id, String service) {
        AppleExportPlan.HandleRow row = rows.get(key(id, service));
        if (row == null) {
            row = new AppleExportPlan.HandleRow(++highest, id, service);
            keep(row);
        }
        return row.rowid();
    }

    List<AppleExportPlan.HandleRow> rows() {
        return List.copyOf(ordered);
    }

    private static String key(String id, String service) {
        return id + '\0' + service;
    }
}
