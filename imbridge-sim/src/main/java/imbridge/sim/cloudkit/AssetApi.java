package imbridge.sim.cloudkit;

import io.javalin.http.Context;
import java.util.Arrays;

/**
 * Serves attachment bytes at each record's {@code downloadURL}, regenerated on every request, following the
 * asset's fault schedule ({@link AssetFaults}) when that family is on.
 */
final class AssetApi {

    private final Dataset dataset;
    private final SimStats stats;
    private final FaultPlan faults;
    private final AssetFaults assetFaults;
    private final LiveAssets liveAssets;

    AssetApi(Dataset dataset, SimStats stats, FaultPlan faults, AssetFaults assetFaults, LiveAssets liveAssets) {
        this.dataset = dataset;
        this.stats = stats;
        this.faults = faults;
        this.assetFaults = assetFaults;
        this.liveAssets = liveAssets;
    }

    void download(Context ctx) throws InterruptedException {
        String recordName = ctx.pathParam("recordName");
        // live attachments are downloadable as soon as they are pushed, before their record is written
        AttachmentRecord attachment = dataset.zone(Zones.ATTACHMENTS)
                .lookup(recordName)
                .map(change -> (AttachmentRecord) change.record())
                .or(() -> liveAssets.find(recordName))
                .orElseThrow(() -> new CloudKitException(ServerErrorCode.NOT_FOUND, "no asset " + recordName));
        faults.check(FaultPlan.Operation.ASSET);
        stats.assetDownload();
        int n = assetFaults.nextAttempt(recordName);
        AssetFaults.Plan plan = assetFaults.plan(recordName);
        pause(plan.latencyMs(n));
        byte[] bytes = liveAssets
                .uploadedBytes(recordName)
                .orElseGet(() -> AssetBytes.generate(
                        dataset.seed(), attachment.recordName(), attachment.mime(), attachment.size()));
        AssetFaults.Attempt attempt = plan.attempt(n);
        if (attempt != AssetFaults.Attempt.OK) {
            stats.faultInjected(
                    "ASSET_" + (attempt == AssetFaults.Attempt.BROKEN ? "BROKEN_" + plan.broken() : attempt));
        }
        switch (attempt) {
            case OK -> send(ctx, bytes);
            case ERROR_500 -> throw new CloudKitException(ServerErrorCode.INTERNAL_ERROR, "injected asset failure");
            case ERROR_503 -> throw new CloudKitException(ServerErrorCode.TRY_AGAIN_LATER, "injected asset failure");
            case TRUNCATED -> send(ctx, Arrays.copyOf(bytes, bytes.length / 2));
            case STALL -> {
                pause(assetFaults.stall().toMillis()); // longer than the client waits: it gives up first
                send(ctx, bytes);
            }
            case BROKEN -> broken(ctx, plan.broken(), bytes);
        }
    }

    private static void broken(Context ctx, AssetFaults.Broken reason, byte[] bytes) {
        switch (reason) {
            case NOT_FOUND -> throw new CloudKitException(ServerErrorCode.NOT_FOUND, "asset is gone");
            case SERVER_ERROR -> throw new CloudKitException(ServerErrorCode.INTERNAL_ERROR, "asset is unreadable");
            case CHECKSUM_MISMATCH -> {
                byte[] corrupt = bytes.clone();
                corrupt[corrupt.length - 1] ^= 0x5A;
                send(ctx, corrupt);
            }
            case TRUNCATED -> send(ctx, Arrays.copyOf(bytes, bytes.length / 2));
            case EMPTY -> send(ctx, new byte[0]);
        }
    }

    private static void send(Context ctx, byte[] bytes) {
        ctx.contentType("application/octet-stream").result(bytes);
    }

    /** Requests run on virtual threads, so holding one back costs no platform thread. */
    private static void pause(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
