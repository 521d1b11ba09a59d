package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceErrors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulator's fault answers (wire-contracts.md §1 "Errors added for faults") over real loopback HTTP. */
class FaultAnswersTest {
    private static final String ZONE_ID = "{\"zoneName\":\"messageManateeZone\",\"ownerName\":\"_defaultOwner\"}";

    @RegisterExtension
    final CannedCloudKit canned = new CannedCloudKit();

    @Test
    void rawInvalidUtf8InOneRecordQuarantinesOnlyThatRecord() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"zones\":[{\"zoneID\":" + ZONE_ID + ",\"records\":["
                        + FullRecordModelTest.message("good", "a1000000-0000-4000-8000-000000000001", "caf\u00e9")
                        + ",")
                .getBytes(StandardCharsets.UTF_8));
        String broken = FullRecordModelTest.message("broken", "a1000000-0000-4000-8000-000000000002", "SPLIT")
                .toString();
        int split = broken.indexOf("SPLIT");
        body.writeBytes(broken.substring(0, split).getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {'c', 'a', (byte) 0x80, (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 'f', 'e'});
        body.writeBytes(broken.substring(split + "SPLIT".length()).getBytes(StandardCharsets.UTF_8));
        body.writeBytes("],\"syncToken\":\"dG9rMg==\",\"moreComing\":true}]}".getBytes(StandardCharsets.UTF_8));
        canned.server().enqueueBytes(200, body.toByteArray());

        ZonePage<CloudMessage> page = canned.client().messageChanges("dG9rMQ==");

        assertThat(page.records()).extracting(CloudMessage::recordName).containsExactly("good");
        assertThat(page.records().getFirst().text()).isEqualTo("café");
        assertThat(page.rejects()).singleElement().satisfies(reject -> {
            assertThat(reject.recordName()).isEqualTo("broken");
            assertThat(reject.reason()).isEqualTo("INVALID_UTF8:text");
        });
        assertThat(page.syncToken()).isEqualTo("dG9rMg==");
    }

    @Test
    void http410IsAnExpiredChangeTokenWithOrWithoutABody() {
        canned.server()
                .enqueue(410, "{\"serverErrorCode\":\"CHANGE_TOKEN_EXPIRED\",\"reason\":\"token too old\"}")
                .enqueue(410, "");

        CloudKitRequestException withBody = failure();
        CloudKitRequestException bare = failure();

        for (CloudKitRequestException e : new CloudKitRequestException[] {withBody, bare}) {
            assertThat(e.serverErrorCode()).isEqualTo(CloudSourceErrors.CHANGE_TOKEN_EXPIRED);
            assertThat(e.httpStatus()).isEqualTo(410);
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e.isTransient())
                    .as("retrying the same token cannot help")
                    .isFalse();
        }
        assertThat(withBody.getMessage()).contains("token too old");
    }

    @Test
    void anExpiredTokenReportedInsideA200IsTheSameError() {
        canned.server()
                .enqueue(
                        200,
                        "{\"zones\":[{\"zoneID\":" + ZONE_ID
                                + ",\"serverErrorCode\":\"CHANGE_TOKEN_EXPIRED\",\"reason\":\"reset\"}]}");

        CloudKitRequestException e = failure();

        assertThat(e.serverErrorCode()).isEqualTo(CloudSourceErrors.CHANGE_TOKEN_EXPIRED);
        assertThat(e.httpStatus()).isEqualTo(410);
    }

    /** Detecting "no progress" is the engine's job: the client hands the page over as it came. */
    @Test
    void aStalledTokenIsAnOrdinaryEmptyPage() throws Exception {
        canned.server()
                .enqueue(
                        200,
                        "{\"zones\":[{\"zoneID\":" + ZONE_ID
                                + ",\"records\":[],\"syncToken\":\"dG9rMQ==\",\"moreComing\":true}]}");

        ZonePage<CloudMessage> page = canned.client().messageChanges("dG9rMQ==");

        assertThat(page.records()).isEmpty();
        assertThat(page.deletedRecordNames()).isEmpty();
        assertThat(page.rejects()).isEmpty();
        assertThat(page.syncToken()).isEqualTo("dG9rMQ==");
        assertThat(page.moreComing()).isTrue();
    }

    @Test
    void aBodyCutShortIsABadResponseNotAPage() {
        String full = "{\"zones\":[{\"zoneID\":" + ZONE_ID + ",\"records\":["
                + FullRecordModelTest.message("m", "a1000000-0000-4000-8000-000000000001", "hello")
                + "],\"syncToken\":\"dG9rMg==\",\"moreComing\":true}]}";
        canned.server().enqueue(200, full.substring(0, full.length() * 2 / 3));

        CloudKitRequestException e = failure();

        assertThat(e.serverErrorCode()).isEqualTo(CloudKitErrors.BAD_RESPONSE);
        assertThat(e.httpStatus()).isEqualTo(200);
    }

    private CloudKitRequestException failure() {
        Throwable thrown = catchThrowable(() -> canned.client().messageChanges("dG9rMQ=="));
        assertThat(thrown).isInstanceOf(CloudKitRequestException.class);
        return (CloudKitRequestException) thrown;
    }
}
