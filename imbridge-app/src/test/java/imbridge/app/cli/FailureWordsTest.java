package imbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.applelocal.chatdb.ChatDbOpenException;
import imbridge.matrix.MatrixRequestException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The remedy each kind of start-up failure gets, and the one line it is said on. */
class FailureWordsTest {
    @Test
    void aMissingChatDbPointsAtTheSourcePath() {
        ChatDbOpenException missing = new ChatDbOpenException(
                ChatDbOpenException.Problem.MISSING, "no database at /x/chat.db (is the path right?)", null);

        FailureWords words = FailureWords.of(new UncheckedIOException(
                "cannot open the chatdb source at /x/chat.db: " + missing.getMessage(), missing));

        assertThat(words.what())
                .isEqualTo("cannot open the chatdb source at /x/chat.db: no database at /x/chat.db (is"
                        + " the path right?)");
        assertThat(words.fix()).startsWith("check source.path");
    }

    @Test
    void aRefusedConnectionAsksWhetherTheServerRuns() {
        FailureWords words = FailureWords.of(
                new IllegalStateException("history source failed", new ConnectException("Connection refused")));

        assertThat(words.fix()).isEqualTo("is it running, and is its address in the config right?");
    }

    @Test
    void anUnreachableHomeserverNamesItsAddressKey() {
        FailureWords words = FailureWords.of(new MatrixRequestException("TRANSPORT", 0, "GET /versions failed", null));

        assertThat(words.what()).isEqualTo("homeserver: TRANSPORT (HTTP 0): GET /versions failed");
        assertThat(words.fix()).contains("homeserver.address");
    }

    @Test
    void aMessageOfSeveralLinesIsSaidOnOne() {
        FailureWords words = FailureWords.of(new IllegalStateException("Validate failed:\n  Migration checksum\n"));

        assertThat(words.what()).isEqualTo("Validate failed: Migration checksum");
    }
}
