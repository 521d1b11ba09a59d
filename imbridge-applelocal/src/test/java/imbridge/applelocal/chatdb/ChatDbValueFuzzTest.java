package imbridge.applelocal.chatdb;

import imbridge.core.port.CloudSourceException;
import imbridge.core.testing.fuzz.ByteMutation;
import imbridge.core.testing.fuzz.ByteMutations;
import imbridge.core.testing.fuzz.DecodeBound;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the two readers of {@code chat.db} values that are not typedstream or plist decoders: the legacy body scan
 * (the fallback for an {@code attributedBody} the decoder rejects, which documents no exception) and the position
 * token stored between syncs (a damaged one is reported as an expired token). Within the bound of
 * {@link DecodeBound}.
 */
class ChatDbValueFuzzTest {
    private static final String TOKEN = new PositionToken(12, 40, 3, 700_000_000_000L, 0).format("messages");

    /** Never thrown: the scanner documents no exception, so any throwable fails the property. */
    private static final class NoneDocumented extends Exception {
        private static final long serialVersionUID = 1L;
    }

    @Property(seed = "1651")
    void legacyScanOfMutatedBodies(@ForAll("bodies") byte[] body, @ForAll("edits") List<ByteMutation> edits) {
        byte[] mutated = ByteMutations.apply(body, edits);
        DecodeBound.assertBounded(mutated.length, NoneDocumented.class, () -> LegacyBodyScanner.text(mutated));
    }

    @Property(seed = "1652")
    void arbitraryPositionTokens(@ForAll @Size(max = 200) String token) {
        DecodeBound.assertBounded(
                token.length(), CloudSourceException.class, () -> PositionToken.parse("messages", token));
    }

    @Property(seed = "1653")
    void mutatedPositionTokens(@ForAll("edits") List<ByteMutation> edits) {
        String token =
                new String(ByteMutations.apply(TOKEN.getBytes(StandardCharsets.UTF_8), edits), StandardCharsets.UTF_8);
        DecodeBound.assertBounded(
                token.length(), CloudSourceException.class, () -> PositionToken.parse("messages", token));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.of(
                AppleBlobs.bytes("typedstream/AttributedBodyTextOnly"),
                AppleBlobs.bytes("typedstream/MultiPart"),
                TypedStreamWriter.text("a longer body ".repeat(20)),
                TypedStreamWriter.text("\u00e9\u4e2d\ud83d\ude00"));
    }

    @Provide
    Arbitrary<List<ByteMutation>> edits() {
        return ByteMutations.edits(4);
    }
}
