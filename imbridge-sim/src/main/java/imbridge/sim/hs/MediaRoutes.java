package imbridge.sim.hs;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Media repository endpoints: upload, create (async upload), download (legacy and authenticated), config. */
final class MediaRoutes {
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final Authenticator auth;
    private final MediaRepository media;
    private final boolean authenticatedMedia;

    /** @param authenticatedMedia whether {@code /_matrix/client/v1/media} exists (Matrix v1.11; not on old Synapse) */
    MediaRoutes(Authenticator auth, MediaRepository media, boolean authenticatedMedia) {
        this.auth = auth;
        this.media = media;
        this.authenticatedMedia = authenticatedMedia;
    }

    void register(Javalin app) {
        app.post("/_matrix/media/v3/upload", this::upload);
        app.get("/_matrix/media/v3/download/{serverName}/{mediaId}", this::download);
        app.get("/_matrix/media/v3/download/{serverName}/{mediaId}/{fileName}", this::download);
        app.get("/_matrix/media/v3/config", this::config);
        if (!authenticatedMedia) {
            return;
        }
        app.post("/_matrix/media/v1/create", this::create);
        app.put("/_matrix/media/v3/upload/{serverName}/{mediaId}", this::uploadToReserved);
        app.get("/_matrix/client/v1/media/download/{serverName}/{mediaId}", this::authenticatedDownload);
        app.get("/_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}", this::authenticatedDownload);
        app.get("/_matrix/client/v1/media/config", this::config);
    }

    private void upload(Context ctx) {
        Requester requester = auth.require(ctx);
        byte[] bytes = HttpSupport.body(ctx, media.maxBytes());
        String mediaId = media.store(requester.userId(), contentType(ctx), ctx.queryParam("filename"), bytes);
        HttpSupport.json(ctx, Map.of("content_uri", media.contentUri(mediaId)));
    }

    private void create(Context ctx) {
        Requester requester = auth.require(ctx);
        String mediaId = media.reserve(requester.userId());
        HttpSupport.json(
                ctx, Map.of("content_uri", media.contentUri(mediaId), "unused_expires_at", media.unusedExpiresAt()));
    }

    private void uploadToReserved(Context ctx) {
        Requester requester = auth.require(ctx);
        byte[] bytes = HttpSupport.body(ctx, media.maxBytes());
        media.fill(
                ctx.pathParam("serverName"),
                ctx.pathParam("mediaId"),
                requester.userId(),
                contentType(ctx),
                ctx.queryParam("filename"),
                bytes);
        HttpSupport.emptyObject(ctx);
    }

    private void authenticatedDownload(Context ctx) {
        auth.require(ctx);
        download(ctx);
    }

    private void download(Context ctx) {
        MediaRepository.Media item = media.download(ctx.pathParam("serverName"), ctx.pathParam("mediaId"));
        String fileName = ctx.pathParamMap().getOrDefault("fileName", item.filename());
        ctx.status(200).contentType(item.contentType()).result(item.bytes());
        if (fileName != null) {
            ctx.header(
                    "Content-Disposition",
                    "attachment; filename*=utf-8''"
                            + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                                    .replace("+", "%20"));
        }
    }

    private void config(Context ctx) {
        auth.require(ctx);
        HttpSupport.json(ctx, Map.of("m.upload.size", media.maxBytes()));
    }

    private static String contentType(Context ctx) {
        String type = ctx.header("Content-Type");
        return type == null || type.isBlank() ? DEFAULT_CONTENT_TYPE : type;
    }
}
