package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.sim.hs.HomeserverDouble;
import imbridge.sim.hs.HsConfig;
import imbridge.sim.hs.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room of a few thousand events verified through small pages of a real homeserver double, with a duplicate and a
 * swapped pair placed exactly on page boundaries: the streamed comparison finds them as the whole-room one did.
 */
class PagedVerificationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AS_TOKEN = "as-token-for-paged-test";
    private static final String BOT = "@imessagebot:localhost";
    private static final String OWNER = "@user:localhost";
    private static final String PORTAL = "tel:+15550001111";
    private static final int MESSAGES = 2500;
    private static final int PAGE = 100;

    private HomeserverDouble hs;
    private HttpClient http;

    @BeforeEach
    void start() {
        Registration registration = new Registration(
                "imessage",
                null,
                AS_TOKEN,
                "hs-token",
                "imessagebot",
                List.of("^@imessagebot:localhost$", "^@imessage_.*:localhost$"),
                false);
        hs = HomeserverDouble.start(HsConfig.defaults(registration));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        hs.close();
        http.close();
    }

    @Test
    void duplicateAndSwapOnPageBoundariesAreFoundThroughSmallPages() {
        String room = asBot("POST", "/_matrix/client/v3/createRoom", """
                {"invite":["%s"],"initial_state":[{"type":"m.bridge","state_key":"imessage://%s",
                 "content":{"bridgebot":"%s","channel":{"id":"%s"}}}]}""".formatted(OWNER, PORTAL, BOT, PORTAL))
                .get("room_id")
                .asText();
        int before = new DoubleInspectionReader(hs.baseUrl(), http)
                .read()
                .getFirst()
                .timeline()
                .size();
        List<String> sent = new ArrayList<>();
        List<ExpectedPart> expected = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String guid = "G%05d".formatted(i);
            sent.add(guid);
            expected.add(ExpectedPart.text(guid, i, "+15550001111", false, "m" + i));
        }
        int lastOfPage10 = 10 * PAGE - 1 - before; // message index of the last event on the 10th page
        sent.add(lastOfPage10 + 1, sent.get(lastOfPage10)); // its duplicate opens the 11th page
        int lastOfPage20 = 20 * PAGE - 1 - before;
        Collections.swap(sent, lastOfPage20, lastOfPage20 + 1); // a swapped pair straddles pages 20 and 21
        for (int i = 0; i < sent.size(); i++) {
            String guid = sent.get(i);
            asBot(
                    "PUT",
                    "/_matrix/client/v3/rooms/" + HttpGet.segment(room) + "/send/m.room.message/t" + i,
                    """
                    {"msgtype":"m.text","body":"m%d","com.imbridge.part":{"guid":"%s","part":"text","portal":"%s"}}""".formatted(Integer.parseInt(guid.substring(1)), guid, PORTAL));
        }
        GroundTruth truth = new GroundTruth(
                1L, null, List.of(), List.of(new ExpectedPortal(PORTAL, "dm", null, List.of(), expected)));

        VerificationReport paged = verify(new DoubleInspectionReader(hs.baseUrl(), http, OWNER, PAGE), truth);
        VerificationReport onePage = verify(new DoubleInspectionReader(hs.baseUrl(), http, OWNER, 10_000), truth);
        VerificationReport clientServer = verify(
                new ClientServerReader(
                        new ClientServerHttp(http, hs.baseUrl(), AS_TOKEN, BOT), OWNER, portalId -> true, PAGE),
                truth);

        assertThat(paged.missing()).isZero();
        assertThat(paged.duplicates()).isEqualTo(1);
        assertThat(paged.outOfOrder()).isEqualTo(1);
        assertThat(paged.delivered().parts()).isEqualTo(MESSAGES + 1);
        assertThat(paged.samples())
                .filteredOn(s -> s.problem() == Problem.DUPLICATE)
                .extracting(ProblemSample::guid)
                .containsExactly(sent.get(lastOfPage10));
        assertThat(paged).as("page size changes nothing").isEqualTo(onePage);
        assertThat(clientServer.portals()).isEqualTo(paged.portals());
    }

    private static VerificationReport verify(DeliveredReader reader, GroundTruth truth) {
        return new Verifier(reader, null, GhostResolver.imessage())
                .verify(truth.asSource(), null, 0, List.of())
                .report();
    }

    private JsonNode asBot(String method, String path, String json) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(hs.baseUrl() + path))
                            .header("Authorization", "Bearer " + AS_TOKEN)
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("%s %s: %s", method, path, response.body())
                    .isEqualTo(200);
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
