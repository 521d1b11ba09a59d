package imbridge.sim.cloudkit;

import io.javalin.http.Context;

/** Serves attachment bytes at each record's {@code downloadURL}, regenerated on every request. */
final class AssetApi {

    private final Dataset dataset;
    private final SimStats stats;
    private final FaultPlan faults;

    AssetApi(Dataset dataset, SimStats stats, FaultPlan faults) {
        this.dataset = dataset;
        this.stats = stats;
        this.faults = faults;
    }

    void download(Context ctx) {
        String recordName = ctx.pathParam("recordName");
        Change change = dataset.zone(Zones.ATTACHMENTS).lookup(recordName)
                .orElseThrow(() -> new CloudKitException(ServerErrorCode.NOT_FOUND, "no asset " + recordName));
        faults.check(FaultPlan.Operation.ASSET);
        AttachmentRecord attachment = (AttachmentRecord) change.record();
        byte[] bytes = AssetBytes.generate(dataset.seed(), attachment.recordName(), attachment.mime(), attachment.size());
        stats.assetDownload();
        ctx.contentType("application/octet-stream").result(bytes);
    }
}
