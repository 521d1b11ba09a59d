package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client over real loopback HTTP against canned answers: request shape, decoding, error shapes. */
class CloudKitClientTest {

    @RegisterExtension
    final CannedCloudKit canned = new CannedCloudKit();

    @Test
    void postsOneChangesZoneRequestPerPageAndDecodesIt() throws Exception {
        canned.server().enqueue(200, Fixtures.changesResponse("chats-page.json"));

        ZonePage<CloudChat> page = canned.client().chatChanges(null);

        assertThat(page.records()).extracting(CloudChat::recordName).containsExactly("c-dm-1", "c-group-1", "c-no-cid");
        assertThat(page.deletedRecordNames()).containsExactly("c-gone");
        assertThat(page.syncToken()).isEqualTo("Y2hhdHM6NA==");
        assertThat(page.moreComing()).isTrue();

        CannedCloudKitServer.Seen request = canned.server().requests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(CannedCloudKitServer.DATABASE_PATH + "/changes/zone");
        assertThat(request.query()).isNull();
        JsonNode body = Fixtures.JSON.readTree(request.body());
        assertThat(body.path("zones")).hasSize(1);
        JsonNode zone = body.path("zones").get(0);
        assertThat(zone.path("zoneID").path("zoneName").asText()).isEqualTo("chatManateeZone");
        assertThat(zone.path("zoneID").path("ownerName").asText()).isEqualTo("_defaultOwner");
        assertThat(zone.has("syncToken")).as("no token = from the beginning").isFalse();
        assertThat(zone.path("resultsLimit").asInt()).isEqualTo(200);
    }

    @Test
    void eachZoneIsAskedForByNameWithTheGivenToken() throws Exception {
        canned.server()
                .enqueue(200, Fixtures.changesResponse("messages-page.json"))
                .enqueue(200, Fixtures.changesResponse("attachments-page.json"));

        ZonePage<CloudMessage> messages = canned.client().messageChanges("bWVzc2FnZXM6MA==");
        ZonePage<CloudAttachment> attachments = canned.client().attachmentChanges("YXR0OjA=");

        assertThat(messages.records()).hasSize(3);
        assertThat(attachments.records()).hasSize(2);
        JsonNode first = Fixtures.JSON
                .readTree(canned.server().requests().get(0).body())
                .path("zones")
                .get(0);
        JsonNode second = Fixtures.JSON
                .readTree(canned.server().requests().get(1).body())
                .path("zones")
                .get(0);
        assertThat(first.path("zoneID").path("zoneName").asText()).isEqualTo("messageManateeZone");
        assertThat(first.path("syncToken").asText()).isEqualTo("bWVzc2FnZXM6MA==");
        assertThat(second.path("zoneID").path("zoneName").asText()).isEqualTo("attachmentManateeZone");
        assertThat(second.path("syncToken").asText()).isEqualTo("YXR0OjA=");
    }

    @Test
    void sendsTheApiTokenAndTheConfiguredPageSize() throws Exception {
        CloudKitClient configured = new CloudKitClient(
                new CloudKitConfig(canned.server().databaseUrl() + "/", "s3cret/+=", 50, Duration.ofSeconds(5)),
                canned.http());
        canned.server().enqueue(200, Fixtures.changesResponse("chats-page.json"));

        configured.chatChanges(null);

        CannedCloudKitServer.Seen request = canned.server().requests().getFirst();
        assertThat(request.path()).isEqualTo(CannedCloudKitServer.DATABASE_PATH + "/changes/zone");
        assertThat(request.query()).isEqualTo("ckAPIToken=s3cret%2F%2B%3D");
        assertThat(Fixtures.JSON
                        .readTree(request.body())
                        .path("zones")
                        .get(0)
                        .path("resultsLimit")
                        .asInt())
                .isEqualTo(50);
    }

    @Test
    void aMalformedRecordIsRejectedWithoutFailingThePage() throws Exception {
        canned.server().enqueue(200, """
                {"zones":[{"zoneID":{"zoneName":"messageManateeZone","ownerName":"_defaultOwner"},
                  "records":[
                    {"recordName":"good","recordType":"MessageEncryptedV3","fields":{
                      "guid":{"value":"0c5e8f8a-1b2c-4d3e-8f90-a1b2c3d4e5f6","type":"STRING"},
                      "chatID":{"value":"chat1","type":"STRING"},"sender":{"value":"+15551234567","type":"STRING"},
                      "time":{"value":721692800000000000,"type":"INT64"},"flags":{"value":0,"type":"INT64"},
                      "text":{"value":"hi","type":"STRING"}}},
                    {"recordName":"bad","recordType":"MessageEncryptedV3","fields":{
                      "guid":{"value":"{oops}","type":"STRING"},
                      "chatID":{"value":"chat1","type":"STRING"},"sender":{"value":"+15551234567","type":"STRING"},
                      "time":{"value":721692800000000000,"type":"INT64"},"flags":{"value":0,"type":"INT64"}}}],
                  "syncToken":"dG9rMQ==","moreComing":true}]}""");

        ZonePage<CloudMessage> page = canned.client().messageChanges(null);

        assertThat(page.records()).extracting(CloudMessage::recordName).containsExactly("good");
        assertThat(page.rejects()).singleElement().satisfies(reject -> {
            assertThat(reject.recordName()).isEqualTo("bad");
            assertThat(reject.reason()).isEqualTo("BAD_GUID");
            assertThat(reject.rawJson()).contains("\"{oops}\"");
        });
        assertThat(page.syncToken()).isEqualTo("dG9rMQ==");
    }

    @Test
    void throttledCarriesCodeStatusAndRetryAfterFromTheBody() {
        canned.server().enqueue(429, "{\"serverErrorCode\":\"THROTTLED\",\"reason\":\"slow down\",\"retryAfter\":2}");

        CloudKitRequestException e = failure(() -> canned.client().messageChanges("dG9r"));

        assertThat(e.serverErrorCode()).isEqualTo("THROTTLED");
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(e.getMessage()).contains("slow down");
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void retryAfterHeaderIsUsedWhenTheBodyHasNone() {
        canned.server().enqueue(503, "Service Unavailable", "Content-Type", "text/plain", "Retry-After", "7");

        CloudKitRequestException e = failure(() -> canned.client().chatChanges(null));

        assertThat(e.serverErrorCode()).isEqualTo("HTTP_503");
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.getMessage()).contains("Service Unavailable");
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void internalErrorWithoutRetryAfterHasNoHint() {
        canned.server().enqueue(500, "{\"serverErrorCode\":\"INTERNAL_ERROR\",\"reason\":\"boom\"}");

        CloudKitRequestException e = failure(() -> canned.client().attachmentChanges(null));

        assertThat(e.serverErrorCode()).isEqualTo("INTERNAL_ERROR");
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void badRequestAndAuthenticationFailuresArePermanent() {
        canned.server()
                .enqueue(400, "{\"serverErrorCode\":\"BAD_REQUEST\",\"reason\":\"malformed syncToken\"}")
                .enqueue(401, "{\"serverErrorCode\":\"AUTHENTICATION_FAILED\",\"reason\":\"bad ckAPIToken\"}")
                .enqueue(404, "");

        CloudKitRequestException badToken = failure(() -> canned.client().messageChanges("!!"));
        CloudKitRequestException auth = failure(() -> canned.client().messageChanges(null));
        CloudKitRequestException emptyBody = failure(() -> canned.client().messageChanges(null));

        assertThat(badToken.serverErrorCode()).isEqualTo("BAD_REQUEST");
        assertThat(badToken.httpStatus()).isEqualTo(400);
        assertThat(badToken.isTransient()).isFalse();
        assertThat(auth.serverErrorCode()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(auth.isTransient()).isFalse();
        assertThat(emptyBody.serverErrorCode()).isEqualTo("HTTP_404");
        assertThat(emptyBody.getMessage()).contains("empty body");
    }

    @Test
    void truncatedJsonOn200IsABadResponse() {
        canned.server()
                .enqueue(200, "{\"zones\":[{\"zoneID\":{\"zoneName\":\"chatManateeZone\"},\"records\":[{\"recordN");

        CloudKitRequestException e = failure(() -> canned.client().chatChanges(null));

        assertThat(e.serverErrorCode()).isEqualTo(CloudKitErrors.BAD_RESPONSE);
        assertThat(e.httpStatus()).isEqualTo(200);
        assertThat(e.getMessage()).contains("not JSON");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void answersWithoutTheRequestedZoneAreBadResponses() {
        canned.server()
                .enqueue(200, "{\"records\":[]}")
                .enqueue(200, "{\"zones\":[{\"zoneID\":{\"zoneName\":\"chatManateeZone\"},\"records\":[]}]}")
                .enqueue(200, "");

        CloudKitRequestException noZones = failure(() -> canned.client().messageChanges(null));
        CloudKitRequestException otherZone = failure(() -> canned.client().messageChanges(null));
        CloudKitRequestException empty = failure(() -> canned.client().messageChanges(null));

        assertThat(noZones.serverErrorCode()).isEqualTo(CloudKitErrors.BAD_RESPONSE);
        assertThat(noZones.getMessage()).contains("no 'zones' array");
        assertThat(otherZone.serverErrorCode()).isEqualTo(CloudKitErrors.BAD_RESPONSE);
        assertThat(otherZone.getMessage()).contains("no entry for messageManateeZone");
        assertThat(empty.serverErrorCode()).isEqualTo(CloudKitErrors.BAD_RESPONSE);
    }

    @Test
    void aPerZoneErrorInsideA200IsThatError() {
        canned.server().enqueue(200, """
                {"zones":[{"zoneID":{"zoneName":"messageManateeZone","ownerName":"_defaultOwner"},
                  "serverErrorCode":"ZONE_BUSY","reason":"try later","retryAfter":1.5}]}""");

        CloudKitRequestException e = failure(() -> canned.client().messageChanges(null));

        assertThat(e.serverErrorCode()).isEqualTo("ZONE_BUSY");
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void refusedConnectionIsATransportError() {
        String deadUrl = canned.server().databaseUrl();
        canned.server().close();
        CloudKitClient deadClient = new CloudKitClient(CloudKitConfig.of(deadUrl), canned.http());

        CloudKitRequestException e = failure(() -> deadClient.chatChanges(null));

        assertThat(e.serverErrorCode()).isEqualTo(CloudKitErrors.TRANSPORT);
        assertThat(e.httpStatus()).isZero();
        assertThat(e.getCause()).isInstanceOf(IOException.class);
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void aServerThatNeverAnswersTimesOutAsATransportError() {
        CloudKitClient impatient = new CloudKitClient(
                new CloudKitConfig(canned.server().databaseUrl(), null, 200, Duration.ofMillis(300)), canned.http());
        canned.server().enqueueHang();

        CloudKitRequestException e = failure(() -> impatient.chatChanges(null));

        assertThat(e.serverErrorCode()).isEqualTo(CloudKitErrors.TRANSPORT);
        assertThat(e.getMessage()).contains("timed out");
    }

    @Test
    void theTransportIsTheSeamForRetries() throws Exception {
        canned.server()
                .enqueue(429, "{\"serverErrorCode\":\"THROTTLED\",\"reason\":\"slow down\",\"retryAfter\":0}")
                .enqueue(200, Fixtures.changesResponse("chats-page.json"));
        CloudKitConfig config = CloudKitConfig.of(canned.server().databaseUrl());
        CloudKitTransport real = new HttpCloudKitTransport(config, canned.http(), Fixtures.JSON);
        CloudKitTransport retryOnce = new CloudKitTransport() {
            @Override
            public CloudKitAnswer post(String operation, JsonNode body) throws CloudSourceException {
                try {
                    return real.post(operation, body);
                } catch (CloudSourceException e) {
                    if (!e.isTransient()) {
                        throw e;
                    }
                    return real.post(operation, body);
                }
            }

            @Override
            public InputStream download(String downloadUrl) throws CloudSourceException {
                return real.download(downloadUrl);
            }
        };

        ZonePage<CloudChat> page = new CloudKitClient(config, retryOnce).chatChanges(null);

        assertThat(page.records()).hasSize(3);
        assertThat(canned.server().requests()).hasSize(2);
    }

    private static CloudKitRequestException failure(ThrowingCall call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(CloudKitRequestException.class);
        return (CloudKitRequestException) thrown;
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
