package imbridge.core.sync;

import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import imbridge.core.util.Waiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the bootstrap pass until it succeeds: a failed pass is logged and retried after
 * {@code bootstrapRetryInterval}, and success is reported only for a complete pass (the gate
 * for portal creation stays closed until then).
 */
public final class SyncController {
    private static final Logger log = LoggerFactory.getLogger(SyncController.class);

    private final SyncPass pass;
    private final SyncSettings settings;
    private final Waiter waiter;

    public SyncController(SyncPass pass, SyncSettings settings, Waiter waiter) {
        this.pass = pass;
        this.settings = settings;
        this.waiter = waiter;
    }

    public SyncPassResult bootstrap(CancellationToken cancel) throws CancelledException {
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                SyncPassResult result = pass.run(cancel);
                log.info("CloudKit bootstrap pass complete after {} attempt(s): {} records", attempt,
                        result.totalRecords());
                return result;
            } catch (SyncFailedException e) {
                log.error("CloudKit sync failed, will retry in {} s (gate stays closed): {}",
                        settings.bootstrapRetryInterval().toSeconds(), e.getMessage(), e);
                waiter.await(settings.bootstrapRetryInterval(), cancel);
            }
        }
    }
}
