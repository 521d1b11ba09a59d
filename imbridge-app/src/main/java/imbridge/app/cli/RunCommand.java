package imbridge.app.cli;

import imbridge.app.config.BridgeConfig;
import imbridge.app.runtime.BridgeRuntime;
import imbridge.core.backfill.BackfillProgress;
import imbridge.core.util.CancellationToken;
import imbridge.core.util.CancelledException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Runs the bridge against the homeserver and CloudKit endpoint of the config.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(
            names = "--exit-after-sync",
            description = "exit once the initial sync and every portal's backfill "
                    + "finished (status 1 if a portal's backfill stopped on an error) instead of running on")
    boolean exitAfterSync;

    @Option(
            names = "--ignore-unsupported-server",
            description = "start even when the homeserver advertises less than Matrix v1.4 (e.g. Synapse 1.67), with"
                    + " a warning; config homeserver.ignore_unsupported_server")
    boolean ignoreUnsupportedServer;

    @Override
    public Integer call() throws Exception {
        BridgeConfig cfg = config.load();
        if (ignoreUnsupportedServer) {
            cfg = cfg.withHomeserver(cfg.homeserver().withIgnoreUnsupportedServer(true));
        }
        imbridge.app.logging.LoggingSetup.apply(cfg); // level, format, rotation; secrets masked
        Logger log = LoggerFactory.getLogger(RunCommand.class);
        CancellationToken cancel = new CancellationToken();
        CountDownLatch stopped = new CountDownLatch(1);
        // A shutdown hook is an unstarted Thread the JVM starts itself: the one kind not made through Threads.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cancel.cancel();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try (BridgeRuntime runtime = new BridgeRuntime(cfg, BackfillProgress.NONE, Fatal.HALT)) {
            try {
                runtime.start(cancel);
            } catch (CancelledException e) {
                log.info("stopped during start-up");
                return 0;
            }
            BridgeRuntime.InitialSyncResult result = runtime.initialSync(cancel);
            log.info("initial sync finished: {}", result);
            if (exitAfterSync) {
                return result.backfill().failedPortals().isEmpty() ? 0 : 1;
            }
            // Live messages keep rooms current; a periodic incremental pass catches what the stream missed (and
            // CloudKit-only changes such as tombstones). A watched chat.db is polled the same way, more often.
            java.time.Duration interval = cfg.source().watch()
                    ? cfg.source().pollInterval()
                    : cfg.live().syncInterval();
            if (interval.isZero() || interval.isNegative()) {
                while (!cancel.isCancelled()) {
                    imbridge.core.util.Waiter.real().await(java.time.Duration.ofHours(1), cancel);
                }
            } else {
                try (imbridge.app.runtime.PeriodicSync sync = new imbridge.app.runtime.PeriodicSync(
                        runtime, interval, imbridge.core.util.Waiter.real(), cancel)) {
                    sync.start();
                    while (!cancel.isCancelled()) {
                        imbridge.core.util.Waiter.real().await(java.time.Duration.ofHours(1), cancel);
                    }
                }
            }
        } catch (CancelledException e) {
            log.info("stopped");
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
