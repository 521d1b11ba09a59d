package imbridge.core.testing.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of {@link ByteMutation}s and of mutated copies of valid inputs. */
public final class ByteMutations {
    /**
     * Numbers that break length and count fields in every encoding the decoders read: big- and little-endian
     * 2^31 - 1, all ones, the sign bit alone, zero, and a typedstream 4-byte integer tag claiming 2^31 - 1.
     */
    private static final List<byte[]> EXTREMES = List.of(
            new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F},
            new byte[] {
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF
            },
            new byte[] {(byte) 0x80, 0, 0, 0},
            new byte[] {0, 0, 0, 0},
            new byte[] {(byte) 0x82, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F},
            new byte[] {0x13, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            new byte[] {0x1F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

    private ByteMutations() {}

    /** One to {@code max} edits, weighted towards small in-place changes that keep most of the structure. */
    public static Arbitrary<List<ByteMutation>> edits(int max) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, ByteMutation.SCALE);
        Arbitrary<byte[]> fewBytes =
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8);
        Arbitrary<ByteMutation> setByte =
                Combinators.combine(at, Arbitraries.bytes()).as(ByteMutation.SetByte::new);
        Arbitrary<ByteMutation> flipBit =
                Combinators.combine(at, Arbitraries.integers().between(0, 7)).as(ByteMutation.FlipBit::new);
        Arbitrary<ByteMutation> insert = Combinators.combine(at, fewBytes).as(ByteMutation.Insert::new);
        Arbitrary<ByteMutation> delete =
                Combinators.combine(at, Arbitraries.integers().between(1, 16)).as(ByteMutation.Delete::new);
        Arbitrary<ByteMutation> truncate = at.map(ByteMutation.Truncate::new);
        Arbitrary<ByteMutation> duplicate =
                Combinators.combine(at, Arbitraries.integers().between(1, 64)).as(ByteMutation.Duplicate::new);
        Arbitrary<byte[]> extreme = Arbitraries.of(EXTREMES);
        Arbitrary<ByteMutation> overwrite = Combinators.combine(at, extreme).as(ByteMutation.Overwrite::new);
        Arbitrary<ByteMutation> insertExtreme = Combinators.combine(at, extreme).as(ByteMutation.Insert::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(5, setByte),
                        Tuple.of(3, flipBit),
                        Tuple.of(2, insert),
                        Tuple.of(2, delete),
                        Tuple.of(1, truncate),
                        Tuple.of(2, duplicate),
                        Tuple.of(3, overwrite),
                        Tuple.of(1, insertExtreme))
                .list()
                .ofMinSize(1)
                .ofMaxSize(max);
    }

    /** Applies the edits in order. */
    public static byte[] apply(byte[] input, List<ByteMutation> edits) {
        byte[] out = input;
        for (ByteMutation edit : edits) {
            out = edit.apply(out);
        }
        return out;
    }
}
