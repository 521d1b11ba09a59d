package imbridge.sim.cloudkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits the message total over conversations: one very large conversation takes ~35%, the rest follow a
 * Zipf law over a random ranking, and every conversation gets at least one message.
 */
final class MessageVolume {

    static final double LARGEST_SHARE = 0.35;
    private static final double ZIPF_EXPONENT = 1.2;

    private MessageVolume() {}

    static int[] allocate(SplitMix64 rnd, int conversations, int total) {
        return allocate(rnd, conversations, total, 0);
    }

    /** @param bigChat 0 for the default share, else the largest conversation's exact message count */
    static int[] allocate(SplitMix64 rnd, int conversations, int total, int bigChat) {
        return allocate(rnd, conversations, total, bigChat, 1);
    }

    /**
     * @param bigChat  0 for the default share, else the exact message count of the big conversations
     * @param bigChats how many conversations get exactly {@code bigChat} messages (1 keeps the one-big-chat split
     *                 draw for draw); the others share the rest
     */
    static int[] allocate(SplitMix64 rnd, int conversations, int total, int bigChat, int bigChats) {
        if (bigChats > 1 && bigChat > 0) {
            return allocateSeveral(rnd, conversations, total, bigChat, bigChats);
        }
        if (total < conversations) {
            throw new IllegalArgumentException("need at least one message per conversation");
        }
        int[] counts = new int[conversations];
        if (conversations == 0) {
            return counts;
        }
        int largest = rnd.nextInt(conversations);
        if (conversations == 1) {
            counts[0] = total;
            return counts;
        }
        int largestCount = bigChat > 0
                ? bigChat
                : Math.min(Math.max(1, (int) Math.round(total * LARGEST_SHARE)), total - (conversations - 1));
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            if (i != largest) {
                others.add(i);
                counts[i] = 1;
            }
        }
        rnd.shuffle(others);
        distributeZipf(counts, others, total - largestCount - others.size());
        counts[largest] = largestCount;
        if (bigChat == 0) {
            keepLargestOnTop(counts, largest, others);
        }
        return counts;
    }

    private static int[] allocateSeveral(SplitMix64 rnd, int conversations, int total, int bigChat, int bigChats) {
        if (bigChats > conversations || (long) bigChat * bigChats + (conversations - bigChats) > total) {
            throw new IllegalArgumentException(bigChats + " big chats of " + bigChat + " messages do not fit " + total
                    + " messages over " + conversations + " conversations");
        }
        int[] counts = new int[conversations];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            order.add(i);
        }
        rnd.shuffle(order);
        List<Integer> others = new ArrayList<>(order.subList(bigChats, conversations));
        others.forEach(i -> counts[i] = 1);
        order.subList(0, bigChats).forEach(i -> counts[i] = bigChat);
        distributeZipf(counts, others, total - bigChat * bigChats - others.size());
        return counts;
    }

    /** Largest-remainder apportionment of {@code amount} over {@code ranked} with weights 1/rank^s. */
    private static void distributeZipf(int[] counts, List<Integer> ranked, int amount) {
        double[] weights = new double[ranked.size()];
        double sum = 0;
        for (int rank = 0; rank < weights.length; rank++) {
            weights[rank] = 1.0 / Math.pow(rank + 1, ZIPF_EXPONENT);
            sum += weights[rank];
        }
        int given = 0;
        double[] remainders = new double[weights.length];
        for (int rank = 0; rank < weights.length; rank++) {
            double exact = amount * weights[rank] / sum;
            int whole = (int) Math.floor(exact);
            counts[ranked.get(rank)] += whole;
            remainders[rank] = exact - whole;
            given += whole;
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int rank = 0; rank < weights.length; rank++) {
            byRemainder.add(rank);
        }
        byRemainder.sort(
                Comparator.comparingDouble((Integer rank) -> -remainders[rank]).thenComparing(rank -> rank));
        for (int i = 0; i < amount - given; i++) {
            counts[ranked.get(byRemainder.get(i))]++;
        }
    }

    /** With few conversations the runner-up could outgrow the large one; move the excess over. */
    private static void keepLargestOnTop(int[] counts, int largest, List<Integer> others) {
        for (int other : others) {
            if (counts[other] > counts[largest]) {
                int excess = counts[other] - counts[largest];
                int moved = (excess + 1) / 2;
                counts[other] -= moved;
                counts[largest] += moved;
            }
        }
    }
}
