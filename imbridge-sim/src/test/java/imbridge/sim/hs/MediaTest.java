package imbridge.sim.hs;

import static imbridge.sim.hs.HsFixture.AS_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MediaTest {
    static final long LIMIT = 64 * 1024;
    static HsFixture fx;

    @BeforeAll
    static void start() {
        fx = HsFixture.start(HsConfig.defaults(HsFixture.registration(null)).withMaxUploadBytes(LIMIT));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void uploadThenDownloadThroughBothEndpoints() {
        byte[] bytes = new byte[10_000];
        new Random(1).nextBytes(bytes);

        TestHttp.Response upload =
                fx.http.raw("POST", "/_matrix/media/v3/upload?filename=IMG_0001.jpeg", AS_TOKEN, bytes, "image/jpeg");
        assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
        String uri = upload.json().path("content_uri").asText();
        assertThat(uri).startsWith("mxc://localhost/");
        String mediaId = uri.substring("mxc://localhost/".length());

        TestHttp.Response authenticated =
                fx.http.get("/_matrix/client/v1/media/download/localhost/" + mediaId, fx.userToken());
        assertThat(authenticated.status()).isEqualTo(200);
        assertThat(authenticated.bytes()).isEqualTo(bytes);
        assertThat(authenticated.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(authenticated.headers().firstValue("Content-Disposition").orElse(""))
                .contains("IMG_0001.jpeg");

        assertThat(fx.http
                        .get("/_matrix/client/v1/media/download/localhost/" + mediaId, null)
                        .status())
                .isEqualTo(401);
        assertThat(fx.http
                        .get("/_matrix/media/v3/download/localhost/" + mediaId, null)
                        .bytes())
                .isEqualTo(bytes);
        assertThat(fx.http.get("/_double/media/localhost/" + mediaId, null).bytes())
                .isEqualTo(bytes);
    }

    @Test
    void uploadAboveTheLimitIsTooLarge() {
        TestHttp.Response r = fx.http.raw(
                "POST",
                "/_matrix/media/v3/upload?filename=big.bin",
                AS_TOKEN,
                new byte[(int) LIMIT + 1],
                "application/octet-stream");

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errcode()).isEqualTo("M_TOO_LARGE");
    }

    @Test
    void uploadAtTheLimitIsAccepted() {
        TestHttp.Response r = fx.http.raw(
                "POST", "/_matrix/media/v3/upload", AS_TOKEN, new byte[(int) LIMIT], "application/octet-stream");

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void configReportsTheLimit() {
        TestHttp.Response r = fx.http.get("/_matrix/client/v1/media/config", AS_TOKEN);

        assertThat(r.json().path("m.upload.size").asLong()).isEqualTo(LIMIT);
    }

    @Test
    void unknownOrRemoteMediaIsNotFound() {
        assertThat(fx.http
                        .get("/_matrix/client/v1/media/download/localhost/doesnotexist", fx.userToken())
                        .errcode())
                .isEqualTo("M_NOT_FOUND");
        assertThat(fx.http
                        .get("/_matrix/client/v1/media/download/other.server/abc", fx.userToken())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void createThenUploadAsynchronously() {
        TestHttp.Response created = fx.http.post("/_matrix/media/v1/create", AS_TOKEN, null);
        String mediaId = created.json().path("content_uri").asText().substring("mxc://localhost/".length());
        assertThat(fx.http
                        .get("/_matrix/client/v1/media/download/localhost/" + mediaId, AS_TOKEN)
                        .errcode())
                .isEqualTo("M_NOT_YET_UPLOADED");

        byte[] bytes = "later".getBytes();
        assertThat(fx.http
                        .raw("PUT", "/_matrix/media/v3/upload/localhost/" + mediaId, AS_TOKEN, bytes, "text/plain")
                        .status())
                .isEqualTo(200);
        assertThat(fx.http
                        .raw("PUT", "/_matrix/media/v3/upload/localhost/" + mediaId, AS_TOKEN, bytes, "text/plain")
                        .errcode())
                .isEqualTo("M_CANNOT_OVERWRITE_MEDIA");
        assertThat(fx.http
                        .get("/_matrix/client/v1/media/download/localhost/" + mediaId, AS_TOKEN)
                        .bytes())
                .isEqualTo(bytes);
    }
}
