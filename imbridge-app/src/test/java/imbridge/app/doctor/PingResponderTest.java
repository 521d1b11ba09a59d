package imbridge.app.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The doctor's stand-in for the appservice API answers the homeserver's ping only with the hs_token, and refuses
 * transactions, so a homeserver pushing one during the check sends it again to the bridge later.
 */
class PingResponderTest {
    private static final String HS_TOKEN = "the-hs-token";

    @Test
    void answersPingsWithTheHsTokenAndRefusesEverythingElse() throws Exception {
        try (PingResponder responder =
                        PingResponder.tryStart("127.0.0.1", 0, HS_TOKEN).orElseThrow();
                HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + responder.port();

            assertThat(post(http, base + PingResponder.PING_PATH, "Bearer " + HS_TOKEN))
                    .isEqualTo(200);
            assertThat(post(http, base + PingResponder.PING_PATH + "?access_token=" + HS_TOKEN, null))
                    .as("the legacy query parameter")
                    .isEqualTo(200);
            assertThat(post(http, base + PingResponder.PING_PATH, "Bearer wrong"))
                    .isEqualTo(403);
            assertThat(responder.pings()).isEqualTo(2);
            assertThat(responder.refusedTokens()).isEqualTo(1);

            HttpResponse<String> transaction = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/_matrix/app/v1/transactions/1"))
                            .header("Authorization", "Bearer " + HS_TOKEN)
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"events\":[]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(transaction.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void aPortInUseIsLeftToWhoeverHoldsIt() {
        try (PingResponder first =
                PingResponder.tryStart("127.0.0.1", 0, HS_TOKEN).orElseThrow()) {
            assertThat(PingResponder.tryStart("127.0.0.1", first.port(), HS_TOKEN))
                    .isEmpty();
        }
    }

    private static int post(HttpClient http, String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString("{\"transaction_id\":\"t1\"}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
