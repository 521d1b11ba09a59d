package imbridge.core.testing;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSource;
import imbridge.core.port.CloudSourceException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A fake of the CloudSource port: each zone is an append-only change log (records or tombstones),
 * served in pages of {@code pageSize} with the log position as token; failures can be queued.
 */
public final class ScriptedCloudSource implements CloudSource {
    private record Change(Object record, String tombstone) {}

    private final int pageSize;
    private final Map<Zone, List<Change>> logs = new EnumMap<>(Zone.class);
    private final Map<Zone, Deque<CloudSourceException>> failures = new EnumMap<>(Zone.class);
    public final Map<Zone, Integer> requests = new EnumMap<>(Zone.class);

    public ScriptedCloudSource(int pageSize) {
        this.pageSize = pageSize;
        for (Zone z : Zone.values()) {
            logs.put(z, new ArrayList<>());
            failures.put(z, new ArrayDeque<>());
            requests.put(z, 0);
        }
    }

    public synchronized ScriptedCloudSource add(Zone zone, Object record) {
        logs.get(zone).add(new Change(record, null));
        return this;
    }

    public synchronized ScriptedCloudSource tombstone(Zone zone, String recordName) {
        logs.get(zone).add(new Change(null, recordName));
        return this;
    }

    public synchronized ScriptedCloudSource failNext(Zone zone, CloudSourceException e) {
        failures.get(zone).add(e);
        return this;
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> ZonePage<T> page(Zone zone, String token) throws CloudSourceException {
        requests.merge(zone, 1, Integer::sum);
        CloudSourceException failure = failures.get(zone).poll();
        if (failure != null) {
            throw failure;
        }
        List<Change> log = logs.get(zone);
        int from = token == null ? 0 : Integer.parseInt(token);
        int to = Math.min(log.size(), from + pageSize);
        List<T> records = new ArrayList<>();
        List<String> tombstones = new ArrayList<>();
        for (Change c : log.subList(from, to)) {
            if (c.record() != null) {
                records.add((T) c.record());
            } else {
                tombstones.add(c.tombstone());
            }
        }
        return new ZonePage<>(records, tombstones, List.of(), String.valueOf(to), to < log.size());
    }

    @Override
    public ZonePage<CloudChat> chatChanges(String token) throws CloudSourceException {
        return page(Zone.CHATS, token);
    }

    @Override
    public ZonePage<CloudMessage> messageChanges(String token) throws CloudSourceException {
        return page(Zone.MESSAGES, token);
    }

    @Override
    public ZonePage<CloudAttachment> attachmentChanges(String token) throws CloudSourceException {
        return page(Zone.ATTACHMENTS, token);
    }

    @Override
    public InputStream openAsset(CloudAttachment attachment) {
        return new ByteArrayInputStream(new byte[(int) attachment.size()]);
    }
}
