package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GhostResolverTest {

    @Test
    void theOwnersAccountMaySendOnlyTheOwnersPartsAndMustWhenDoublePuppetingIsOn() {
        String owner = "@user:localhost";
        String me = "tel:+15550000001";
        String alice = "tel:+15551234567";
        GhostResolver ghostsOnly = GhostResolver.imessage("localhost");
        GhostResolver puppet = ghostsOnly.withOwnerAccount(owner, true);
        GhostResolver either = ghostsOnly.withOwnerAccount(owner, false);

        assertThat(puppet.senderProblem(owner, me, true)).isNull();
        assertThat(puppet.senderProblem(ghostsOnly.mxidOf(me), me, true))
                .as("the owner's ghost is a wrong sender once the owner's account sends")
                .contains("not the owner's own account");
        assertThat(puppet.senderProblem(owner, alice, false)).contains("is not a ghost");
        assertThat(puppet.senderProblem(ghostsOnly.mxidOf(alice), alice, false)).isNull();
        assertThat(puppet.senderProblem(ghostsOnly.mxidOf(me), alice, false)).contains("is the ghost of " + me);

        assertThat(either.senderProblem(owner, me, true)).isNull();
        assertThat(either.senderProblem(ghostsOnly.mxidOf(me), me, true)).isNull();
        assertThat(ghostsOnly.senderProblem(owner, me, true))
                .as("without the owner's account named, it is no bridge sender")
                .contains("is not a ghost");
        assertThat(ghostsOnly.isOwnerAccount(owner)).isFalse();
        assertThat(puppet.isOwnerAccount(owner)).isTrue();
    }

    @Test
    void decodesAPhoneGhost() {
        assertThat(GhostResolver.imessage().handleOf("@imessage_tel=3a+15551234567:localhost"))
                .contains("tel:+15551234567");
    }

    @Test
    void decodesUpperCaseUnderscoreAndEscapes() {
        assertThat(LocalpartCodec.decode("_a")).isEqualTo("A");
        assertThat(LocalpartCodec.decode("__")).isEqualTo("_");
        assertThat(LocalpartCodec.decode("mailto=3asome.one__x=40example.com"))
                .isEqualTo("mailto:some.one_x@example.com");
        assertThat(LocalpartCodec.decode("=c3=bc")).isEqualTo("ü");
    }

    @Test
    void encodesPerTheFrameworkRules() {
        assertThat(LocalpartCodec.encode("mailto:Some_One@Example.com"))
                .isEqualTo("mailto=3a_some___one=40_example.com");
        assertThat(LocalpartCodec.encode("tel:+1 555")).isEqualTo("tel=3a+1=20555");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tel:+15551234567", "mailto:Mixed_Case@Example.COM", "ünï/cødé ✓", "a.b-c+d", ""})
    void decodeInvertsEncode(String handle) {
        assertThat(LocalpartCodec.decode(LocalpartCodec.encode(handle))).isEqualTo(handle);
    }

    @ParameterizedTest
    @ValueSource(strings = {"_1", "_", "_A", "A", "=4A", "=4", "=zz", "=61", "a/b", "=c3", "a b"})
    void rejectsWhatTheEncodingNeverProduces(String encoded) {
        assertThatThrownBy(() -> LocalpartCodec.decode(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(encoded);
    }

    @Test
    void onlyGhostsOfThisBridgeResolve() {
        GhostResolver resolver = GhostResolver.imessage("example.org");
        assertThat(resolver.handleOf("@imessage_tel=3a+1555:example.org")).contains("tel:+1555");
        assertThat(resolver.handleOf("@imessage_tel=3a+1555:other.org")).isEmpty();
        assertThat(resolver.handleOf("@telegram_123:example.org")).isEmpty();
        assertThat(resolver.handleOf("@imessage_Bad:example.org")).isEmpty();
        assertThat(resolver.handleOf("imessage_x")).isEmpty();
        assertThat(resolver.handleOf(null)).isEmpty();
        assertThat(GhostResolver.imessage().handleOf("@imessage_x:host:8448")).contains("x");
    }

    @Test
    void buildsTheGhostMxid() {
        assertThat(GhostResolver.imessage("localhost").mxidOf("tel:+15551234567"))
                .isEqualTo("@imessage_tel=3a+15551234567:localhost");
        assertThatThrownBy(() -> GhostResolver.imessage().mxidOf("x")).isInstanceOf(IllegalStateException.class);
    }
}
