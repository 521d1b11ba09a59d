package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.port.MatrixException;
import imbridge.sim.hs.HsCompat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge's Matrix side against the double as Synapse 1.67 (spec v1.2, legacy media and transactions). */
class OldSynapseCompatTest {
    private static final String ALICE = "tel:+15551234567";

    @TempDir
    Path tmp;

    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private DoubleFixture fx;

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    private DoubleFixture oldSynapse() throws Exception {
        Files.createDirectories(tmp);
        fx = DoubleFixture.start(
                tmp,
                (txnId, events) -> received.addAll(events),
                new InMemoryTransactionLog(),
                hs -> hs.withCompat(HsCompat.SYNAPSE_1_67),
                DoubleFixture::fastRetries);
        return fx;
    }

    @Test
    void anUnsupportedHomeserverStopsTheStartWithOneClearMessage() throws Exception {
        oldSynapse();

        assertThatThrownBy(() -> fx.gateway.start())
                .isInstanceOf(MatrixException.class)
                .satisfies(
                        e -> assertThat(((MatrixException) e).errcode()).isEqualTo(MatrixErrors.UNSUPPORTED_HOMESERVER))
                .hasMessageContaining("up to v1.2")
                .hasMessageContaining("--ignore-unsupported-server");
    }

    @Test
    void ignoringTheVersionStartsWithLegacyMediaAndNoPing() throws Exception {
        oldSynapse();

        HomeserverCapabilities caps = fx.gateway.start(true);

        assertThat(caps.supportsAtLeast(1, 4)).isFalse();
        assertThat(caps.appservicePing()).isNull();
        assertThat(caps.maxUploadBytes())
                .as("from the legacy media config")
                .isEqualTo(fx.hs.config().maxUploadBytes());

        String first = fx.gateway.uploadMedia(new byte[] {1, 2, 3}, "image/png", "a.png");
        String second = fx.gateway.uploadMedia(new byte[] {4, 5}, "image/png", "b.png");
        assertThat(fx.gateway.downloadMedia(first)).containsExactly(1, 2, 3);
        assertThat(fx.gateway.downloadMedia(second)).containsExactly(4, 5);
        assertThat(unrecognized())
                .as("one refused authenticated-media request (the config); the downloads went to the legacy API")
                .isEqualTo(1);
    }

    @Test
    void transactionsArriveOnTheLegacyPathWithTheQueryToken() throws Exception {
        oldSynapse();
        fx.gateway.start(true);
        String room = fx.dm(ALICE);

        String eventId = fx.gateway.send(room, ALICE, text("0c5e-01", "hello old synapse"), 1_700_000_000_000L);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(received)
                        .anySatisfy(e -> assertThat(e.get("event_id")).isEqualTo(eventId)));
    }

    @Test
    void anEditCarriesThePartMarkerInItsNewContent() throws Exception {
        oldSynapse();
        fx.gateway.start(true);
        String room = fx.dm(ALICE);
        String original = fx.gateway.send(room, ALICE, text("0c5e-02", "typo"), 1_700_000_000_000L);

        fx.gateway.sendEdit(room, ALICE, original, "fixed", "imb.0C5E-02.edit.1", 1_700_000_001_000L);

        JsonNode edit = fx.messages(room).stream()
                .filter(e -> e.path("content").has("m.new_content"))
                .findFirst()
                .orElseThrow();
        JsonNode newContent = edit.path("content").path("m.new_content");
        assertThat(newContent.path("body").asText()).isEqualTo("fixed");
        assertThat(newContent.path(PartContent.MARKER).path("guid").asText()).isEqualTo("0c5e-02");
        assertThat(newContent.path(PartContent.MARKER).path("part").asText()).isEqualTo("text");
        assertThat(edit.path("content").has(PartContent.MARKER))
                .as("the edit is no part of its own")
                .isFalse();
    }

    @Test
    void theLegacyMediaApiIsUsedForAnyWayAHomeserverSaysItLacksTheEndpoint() {
        assertThat(MediaEndpoints.unknownEndpoint(failure("M_UNRECOGNIZED", 400)))
                .isTrue();
        assertThat(MediaEndpoints.unknownEndpoint(failure("M_UNRECOGNIZED", 404)))
                .isTrue();
        assertThat(MediaEndpoints.unknownEndpoint(failure("M_UNKNOWN", 405))).isTrue();
        assertThat(MediaEndpoints.unknownEndpoint(failure("M_NOT_FOUND", 404)))
                .as("a missing file is no missing endpoint")
                .isFalse();
        assertThat(MediaEndpoints.unknownEndpoint(failure("M_FORBIDDEN", 400))).isFalse();
    }

    private static MatrixRequestException failure(String errcode, int status) {
        return new MatrixRequestException(errcode, status, "test", null);
    }

    private long unrecognized() throws Exception {
        return fx.stats().path("rejected").path("M_UNRECOGNIZED").asLong();
    }

    private static OutgoingPart text(String guid, String body) {
        return new OutgoingPart.Text(PartKey.text(guid), guid, ALICE, body);
    }
}
