package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GhostNamesTest {
    private final GhostNames names = new GhostNames("imessage_", "localhost");

    @Test
    void encodesTheSpecExamples() {
        assertThat(GhostNames.encodeLocalpart("tel:+15551234567")).isEqualTo("tel=3a+15551234567");
        assertThat(GhostNames.encodeLocalpart("Alice")).isEqualTo("_alice");
        assertThat(GhostNames.encodeLocalpart("a_b")).isEqualTo("a__b");
        assertThat(GhostNames.encodeLocalpart("mailto:bob@example.com")).isEqualTo("mailto=3abob=40example.com");
        assertThat(GhostNames.encodeLocalpart("é")).isEqualTo("=c3=a9");
        assertThat(GhostNames.encodeLocalpart("a=b c")).isEqualTo("a=3db=20c");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tel:+15551234567",
                "mailto:someone@example.com",
                "Alice",
                "a_b",
                "__X__",
                "Zoë 🙂",
                "=3a",
                "a-b.c+d",
                "UPPER lower 123 !#$%&'()*",
                "ünïcödé@例え.jp"
            })
    void decodingInvertsEncoding(String handle) {
        String encoded = GhostNames.encodeLocalpart(handle);
        assertThat(encoded).matches("[a-z0-9._=+\\-]+");
        assertThat(GhostNames.decodeLocalpart(encoded)).isEqualTo(handle);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice", "_", "_1", "a_", "=zz", "=3", "=3A", "=61", "=5f", "=41", "a b", "=ff", "é"})
    void decodingRejectsWhatEncodingNeverProduces(String localpart) {
        assertThatThrownBy(() -> GhostNames.decodeLocalpart(localpart)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ghostUserIdsRoundTrip() {
        String ghost = names.userId("tel:+15551234567");
        assertThat(ghost).isEqualTo("@imessage_tel=3a+15551234567:localhost");
        assertThat(names.localpart("tel:+15551234567")).isEqualTo("imessage_tel=3a+15551234567");
        assertThat(names.handle(ghost)).contains("tel:+15551234567");
    }

    @Test
    void foreignUserIdsAreNotGhosts() {
        assertThat(names.handle("@imessagebot:localhost")).isEmpty();
        assertThat(names.handle("@imessage_tel=3a+1555:otherserver")).isEmpty();
        assertThat(names.handle("@imessage_Bad:localhost")).isEmpty();
        assertThat(names.handle("@imessage_:localhost")).isEmpty();
        assertThat(names.handle("@user:localhost")).isEmpty();
        assertThat(names.handle(null)).isEmpty();
    }

    @Test
    void emptyHandleIsRejected() {
        assertThatThrownBy(() -> names.userId("")).isInstanceOf(IllegalArgumentException.class);
    }
}
