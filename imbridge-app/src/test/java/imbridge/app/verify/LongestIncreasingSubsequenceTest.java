package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LongestIncreasingSubsequenceTest {

    private static int count(boolean[] members) {
        int n = 0;
        for (boolean member : members) {
            n += member ? 1 : 0;
        }
        return n;
    }

    @Test
    void findsOneLongestRunAndMarksItsMembers() {
        boolean[] members = LongestIncreasingSubsequence.members(new int[] {0, 2, 1, 3, 4});
        assertThat(count(members)).isEqualTo(4);
        assertThat(members[0]).isTrue();
        assertThat(members[3]).isTrue();
        assertThat(members[4]).isTrue();
        assertThat(members[1] ^ members[2]).isTrue();
    }

    @Test
    void handlesEdgeCases() {
        assertThat(LongestIncreasingSubsequence.members(new int[0])).isEmpty();
        assertThat(count(LongestIncreasingSubsequence.members(new int[] {5, 4, 3, 2, 1})))
                .isEqualTo(1);
        assertThat(count(LongestIncreasingSubsequence.members(new int[] {1, 2, 3})))
                .isEqualTo(3);
        assertThat(LongestIncreasingSubsequence.members(new int[] {3, 0, 1, 2}))
                .containsExactly(false, true, true, true);
    }

    @Test
    void linearithmicOnALargeInput() {
        int n = 200_000;
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 2 == 0 ? i + 1 : i - 1; // every adjacent pair swapped
        }
        assertThat(count(LongestIncreasingSubsequence.members(values))).isEqualTo(n / 2);
    }
}
