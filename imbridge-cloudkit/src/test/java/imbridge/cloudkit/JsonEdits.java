package imbridge.cloudkit;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of {@link JsonEdit}s. */
final class JsonEdits {
    private JsonEdits() {}

    static Arbitrary<List<JsonEdit>> edits(int max) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 100_000);
        Arbitrary<Integer> value = Arbitraries.integers().between(0, JsonEdit.ODD_VALUES.size() - 1);
        Arbitrary<JsonEdit> remove = at.map(JsonEdit.Remove::new);
        Arbitrary<JsonEdit> replace = Combinators.combine(at, value).as(JsonEdit.Replace::new);
        Arbitrary<JsonEdit> repeat = Combinators.combine(at, value).as(JsonEdit.Repeat::new);
        return Arbitraries.oneOf(remove, replace, replace, repeat)
                .list()
                .ofMinSize(1)
                .ofMaxSize(max);
    }
}
