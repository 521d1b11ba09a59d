package imbridge.app.runtime;

import imbridge.core.deletion.RecentlyDeletedPortals;
import imbridge.core.port.CloudStore;
import imbridge.core.portal.PortalDiscovery;
import imbridge.core.sync.SyncFailedException;
import imbridge.core.sync.SyncPass;
import imbridge.core.sync.SyncPassResult;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code sync} command's pass: the same steps as a delayed re-sync (pass, skip list, discovery). */
final class OnDemandSync {
    private static final Logger log = LoggerFactory.getLogger(OnDemandSync.class);

    private OnDemandSync() {}

    /** Runs one incremental pass and says, in words for the owner, what it did or why it failed. */
    static String run(
            SyncPass pass,
            PortalDiscovery discovery,
            CloudStore cloud,
            RecentlyDeletedPortals deleted,
            CancellationToken cancel) {
        try {
            SyncPassResult result = pass.run(cancel);
            Set<String> skip = deleted.snapshot();
            skip.forEach(cloud::softDeletePortal);
            PortalDiscovery.Result found = discovery.discover(skip);
            log.info("on-demand sync complete: {}; {}", result, found);
            return "Sync finished: " + result.chats().records() + " chat, "
                    + result.messages().records()
                    + " message and " + result.attachments().records() + " attachment record(s) fetched; "
                    + found.queued() + " portal(s) queued for backfill, " + found.upToDate() + " up to date.";
        } catch (SyncFailedException e) {
            log.warn("on-demand sync failed: {}", e.getMessage());
            return "Sync failed: " + e.getMessage();
        } catch (CancelledException e) {
            return "Sync stopped: the bridge is shutting down.";
        } catch (RuntimeException e) {
            log.error("on-demand sync failed", e);
            return "Sync failed: " + e;
        }
    }
}
