package imbridge.app.verify;

/** Longest strictly increasing subsequence in O(n log n) (patience sorting with back-pointers). */
final class LongestIncreasingSubsequence {
    private LongestIncreasingSubsequence() {}

    /** Marks which positions of {@code values} belong to one longest strictly increasing subsequence. */
    static boolean[] members(int[] values) {
        int n = values.length;
        int[] tails = new int[n]; // tails[k] = position of the smallest tail of an increasing run of length k+1
        int[] previous = new int[n]; // back-pointer to the position before each element in its run
        int length = 0;
        for (int i = 0; i < n; i++) {
            int lo = 0;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[tails[mid]] < values[i]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            previous[i] = lo > 0 ? tails[lo - 1] : -1;
            tails[lo] = i;
            if (lo == length) {
                length++;
            }
        }
        boolean[] member = new boolean[n];
        for (int i = length > 0 ? tails[length - 1] : -1; i >= 0; i = previous[i]) {
            member[i] = true;
        }
        return member;
    }
}
