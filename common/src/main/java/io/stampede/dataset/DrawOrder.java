package io.stampede.dataset;

import java.util.Arrays;

/**
 * Which row of a dataset the {@code d}-th draw of a run takes. Draws are numbered so that no two
 * users of a run, on any worker, ever make the same draw (see {@link #drawOf}); the order then
 * says which row each draw gets:
 * <ul>
 * <li>{@code sequential}: row {@code d mod rows};</li>
 * <li>{@code random}: a seeded shuffle of all rows, a new shuffle every pass over them, made by a
 *     keyed permutation (a Feistel network), so nothing of size {@code rows} is kept;</li>
 * <li>{@code weighted}: a row drawn at random, with replacement, in proportion to its weight;</li>
 * <li>a fixed order ({@link #fixed}), e.g. a recording's conversations by start time.</li>
 * </ul>
 * With {@code unique}, a draw past the last row gets none ({@link #EXHAUSTED}): every row is
 * used at most once in the run. Immutable and thread-safe.
 */
public final class DrawOrder {
    public static final long EXHAUSTED = -1;

    public enum Kind { SEQUENTIAL, RANDOM, WEIGHTED, FIXED }

    private final Kind kind;
    private final long rows;
    private final boolean unique;
    private final long seed;
    private final double[] cumulative;
    private final int[] fixed;

    private DrawOrder(Kind kind, long rows, boolean unique, long seed, double[] cumulative, int[] fixed) {
        this.kind = kind;
        this.rows = rows;
        this.unique = unique;
        this.seed = seed;
        this.cumulative = cumulative;
        this.fixed = fixed;
    }

    public static DrawOrder sequential(long rows, boolean unique) {
        return new DrawOrder(Kind.SEQUENTIAL, rows, unique, 0, null, null);
    }

    public static DrawOrder random(long rows, long seed, boolean unique) {
        return new DrawOrder(Kind.RANDOM, rows, unique, seed, null, null);
    }

    /** @param weights one per row, each ≥ 0, at least one > 0 */
    public static DrawOrder weighted(double[] weights, long seed) {
        double[] cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("no row has a weight above 0");
        }
        return new DrawOrder(Kind.WEIGHTED, weights.length, false, seed, cumulative, null);
    }

    /** Draw {@code d} takes row {@code order[d]}; past the end, none. */
    public static DrawOrder fixed(int[] order) {
        return new DrawOrder(Kind.FIXED, order.length, true, 0, null, order.clone());
    }

    /**
     * The draw of a user's conversation: {@code (conversation − 1) × users + user}, with users
     * numbered {@code 0..users-1} across the run (the open model: one conversation per arrival, so
     * the arrival's number). Two users never share a draw, wherever they run.
     *
     * @param conversation the user's conversation number, from 1
     */
    public static long drawOf(long user, long conversation, long users) {
        return (conversation - 1) * Math.max(1, users) + user;
    }

    public long rows() {
        return rows;
    }

    /** The row of draw {@code d} (≥ 0), or {@link #EXHAUSTED}. */
    public long row(long d) {
        if (rows == 0 || (unique && d >= rows)) {
            return EXHAUSTED;
        }
        return switch (kind) {
            case SEQUENTIAL -> d % rows;
            case RANDOM -> permute(d % rows, mix(seed + d / rows));
            case WEIGHTED -> weightedRow(d);
            case FIXED -> fixed[(int) d];
        };
    }

    private long weightedRow(long d) {
        double total = cumulative[cumulative.length - 1];
        double x = unit(mix(seed ^ mix(d))) * total;
        int i = Arrays.binarySearch(cumulative, x);
        int row = i >= 0 ? i + 1 : -i - 1;
        // Rows of weight 0 share their cumulative value with the row before: step to one that weighs.
        while (row < cumulative.length - 1 && (row == 0 ? cumulative[0] : cumulative[row] - cumulative[row - 1]) <= 0) {
            row++;
        }
        return Math.min(row, cumulative.length - 1);
    }

    /** A bijection of {@code [0, rows)}: a 4-round Feistel network on the next even bit width, walked until inside. */
    private long permute(long x, long key) {
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(rows - 1));
        bits += bits & 1;
        int half = bits / 2;
        long mask = (1L << half) - 1;
        long y = x;
        do {
            long left = y >>> half;
            long right = y & mask;
            for (int round = 0; round < 4; round++) {
                long next = left ^ (mix(right ^ key ^ (round * 0x9E3779B97F4A7C15L)) & mask);
                left = right;
                right = next;
            }
            y = (left << half) | right;
        } while (y >= rows);
        return y;
    }

    /** SplitMix64's finalizer: a good 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
