package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.core.model.CloudAttachment;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AssetDownloadTest {
    private static final byte[] BYTES = "not really a jpeg".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final CannedCloudKit canned = new CannedCloudKit();

    @Test
    void streamsTheAssetBytes() throws Exception {
        canned.server().enqueueBytes(200, BYTES);

        try (InputStream in = canned.client().openAsset(attachment("/assets/a-1", BYTES.length, sha256(BYTES)))) {
            assertThat(in.readAllBytes()).isEqualTo(BYTES);
        }
        assertThat(canned.server().requests().getFirst().method()).isEqualTo("GET");
        assertThat(canned.server().requests().getFirst().path()).isEqualTo("/assets/a-1");
    }

    @Test
    void aMissingAssetIsAPermanentDownloadError() {
        canned.server().enqueue(404, "{\"serverErrorCode\":\"NOT_FOUND\",\"reason\":\"no asset a-9\"}");

        assertThatThrownBy(() -> canned.client().openAsset(attachment("/assets/a-9", 1, sha256(BYTES))))
                .isInstanceOfSatisfying(AssetDownloadException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.getMessage()).contains("HTTP 404").contains("no asset a-9");
                });
    }

    @Test
    void aServerErrorIsARetryableDownloadError() {
        canned.server().enqueue(503, "");

        assertThatThrownBy(() -> canned.client().openAsset(attachment("/assets/a-1", 1, sha256(BYTES))))
                .isInstanceOfSatisfying(AssetDownloadException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.isPermanent()).isFalse();
                });
    }

    @Test
    void aCancelledDownloadLooksUpNoFreshUrlAndWarnsAboutNothing() {
        var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CloudKitClient.class);
        logged.start();
        logger.addAppender(logged);
        try {
            Thread.currentThread().interrupt(); // as the attachment pipeline cancels the loser of a hedged download
            assertThatThrownBy(() -> canned.client().openAsset(attachment("/assets/a-1", 1, sha256(BYTES))))
                    .isInstanceOfSatisfying(CloudKitRequestException.class, e -> {
                        assertThat(e.serverErrorCode()).isEqualTo(CloudKitErrors.TRANSPORT);
                        assertThat(e).hasCauseInstanceOf(InterruptedException.class);
                    });
            assertThat(Thread.interrupted())
                    .as("the interrupt stays visible to the caller")
                    .isTrue();
        } finally {
            Thread.interrupted();
            logger.detachAppender(logged);
        }
        assertThat(logged.list).isEmpty();
        assertThat(canned.server().requests()).noneMatch(r -> r.path().contains("records/lookup"));
    }

    @Test
    void theApiTokenGoesToTheDatabaseOriginOnly() throws Exception {
        try (CannedCloudKitServer foreign = CannedCloudKitServer.start()) {
            CloudKitClient tokenClient = new CloudKitClient(
                    CloudKitConfig.of(canned.server().databaseUrl()).withApiToken("tok"), canned.http());
            canned.server().enqueueBytes(200, BYTES);
            foreign.enqueueBytes(200, BYTES);

            tokenClient
                    .openAsset(attachment("/assets/a-1?sig=1", BYTES.length, sha256(BYTES)))
                    .close();
            tokenClient
                    .openAsset(new CloudAttachment(
                            "a-2",
                            "at_2",
                            null,
                            null,
                            null,
                            BYTES.length,
                            sha256(BYTES),
                            foreign.baseUrl() + "/assets/a-2"))
                    .close();

            assertThat(canned.server().requests().getFirst().query()).isEqualTo("sig=1&ckAPIToken=tok");
            assertThat(foreign.requests().getFirst().query()).isNull();
        }
    }

    @Test
    void verifiedDownloadAcceptsMatchingBytes() throws Exception {
        canned.server().enqueueBytes(200, BYTES);

        byte[] bytes = AssetVerifier.download(canned.client(), attachment("/assets/a-1", BYTES.length, sha256(BYTES)));

        assertThat(bytes).isEqualTo(BYTES);
    }

    @Test
    void verifiedDownloadRejectsAChecksumMismatch() {
        byte[] tampered = BYTES.clone();
        tampered[0] ^= 1;
        canned.server().enqueueBytes(200, tampered);

        assertThatThrownBy(() ->
                        AssetVerifier.download(canned.client(), attachment("/assets/a-1", BYTES.length, sha256(BYTES))))
                .isInstanceOf(AssetIntegrityException.class)
                .hasMessageContaining("SHA-256 mismatch")
                .hasMessageContaining(sha256(BYTES))
                .hasMessageContaining(sha256(tampered));
    }

    @Test
    void verificationRejectsShortAndLongBodies() {
        CloudAttachment att = attachment("/assets/a-1", BYTES.length, sha256(BYTES));
        byte[] shortBody = java.util.Arrays.copyOf(BYTES, BYTES.length - 1);
        byte[] longBody = java.util.Arrays.copyOf(BYTES, BYTES.length + 1);

        assertThatThrownBy(() -> AssetVerifier.readVerified(new ByteArrayInputStream(shortBody), att))
                .isInstanceOf(AssetIntegrityException.class)
                .hasMessageContaining("size mismatch, expected " + BYTES.length + " bytes, got " + shortBody.length);
        assertThatThrownBy(() -> AssetVerifier.readVerified(new ByteArrayInputStream(longBody), att))
                .isInstanceOf(AssetIntegrityException.class)
                .hasMessageContaining("more than the expected " + BYTES.length + " bytes");
    }

    @Test
    void theStreamingVerifierFailsOnTheReadThatReachesTheEnd() throws Exception {
        CloudAttachment att = attachment("/assets/a-1", BYTES.length, "00".repeat(32));
        InputStream in = AssetVerifier.verifying(new ByteArrayInputStream(BYTES), att);

        assertThat(in.readNBytes(BYTES.length)).isEqualTo(BYTES);
        assertThatThrownBy(in::read).isInstanceOf(AssetIntegrityException.class);
    }

    @Test
    void anEmptyAssetVerifies() throws Exception {
        byte[] bytes = AssetVerifier.readVerified(
                new ByteArrayInputStream(new byte[0]), attachment("/assets/empty", 0, sha256(new byte[0])));

        assertThat(bytes).isEmpty();
    }

    private CloudAttachment attachment(String path, long size, String sha256) {
        return new CloudAttachment(
                "a-1",
                "at_0_A1",
                "image/jpeg",
                "public.jpeg",
                "IMG_0001.jpeg",
                size,
                sha256,
                canned.server().baseUrl() + path);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
