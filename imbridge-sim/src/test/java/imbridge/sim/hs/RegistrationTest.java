package imbridge.sim.hs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheStandardRegistrationYaml() throws IOException {
        Path file = dir.resolve("registration.yaml");
        Files.writeString(file, """
                id: imessage
                url: http://127.0.0.1:29318
                as_token: AS_abc
                hs_token: HS_def
                sender_localpart: Zx81kq2
                rate_limited: false
                namespaces:
                  users:
                    - regex: '^@imessagebot:example\\.org$'
                      exclusive: true
                    - regex: '^@imessage_.*:example\\.org$'
                      exclusive: true
                de.sorunome.msc2409.push_ephemeral: true
                receive_ephemeral: true
                """);

        Registration reg = Registration.load(file);

        assertThat(reg.id()).isEqualTo("imessage");
        assertThat(reg.url()).isEqualTo("http://127.0.0.1:29318");
        assertThat(reg.asToken()).isEqualTo("AS_abc");
        assertThat(reg.hsToken()).isEqualTo("HS_def");
        assertThat(reg.senderLocalpart()).isEqualTo("Zx81kq2");
        assertThat(reg.rateLimited()).isFalse();
        assertThat(reg.userRegexes()).containsExactly("^@imessagebot:example\\.org$", "^@imessage_.*:example\\.org$");
        assertThat(reg.senderUserId("example.org")).isEqualTo("@Zx81kq2:example.org");
    }

    @Test
    void nullUrlMeansNoPushAndRateLimitedDefaultsToTrue() throws IOException {
        Path file = dir.resolve("registration.yaml");
        Files.writeString(file, """
                id: x
                url: null
                as_token: a
                hs_token: h
                sender_localpart: bot
                namespaces: {users: []}
                """);

        Registration reg = Registration.load(file);

        assertThat(reg.url()).isNull();
        assertThat(reg.rateLimited()).isTrue();
        assertThat(reg.userRegexes()).isEmpty();
    }

    @Test
    void missingTokenIsNamedInTheError() throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "id: x\nurl: http://h\nhs_token: h\nsender_localpart: bot\n");

        assertThatThrownBy(() -> Registration.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("as_token")
                .hasMessageContaining("broken.yaml");
    }

    @Test
    void invalidRegexIsRejected() throws IOException {
        Path file = dir.resolve("bad-regex.yaml");
        Files.writeString(file, """
                id: x
                as_token: a
                hs_token: h
                sender_localpart: bot
                namespaces:
                  users:
                    - regex: '^@imessage_(:example$'
                """);

        assertThatThrownBy(() -> Registration.load(file)).hasMessageContaining("regex");
    }
}
