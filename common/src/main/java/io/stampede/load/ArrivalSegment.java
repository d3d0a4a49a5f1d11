package io.stampede.load;

/**
 * Which of the open model's arrivals a worker (and within it, a lane) takes. Every worker
 * computes the same global arrival schedule and keeps the arrivals of its segment
 * {@code [from, to)} of {@code 0..denominator}: arrival {@code n} belongs to the segment holding
 * {@code n·K mod d}, with {@code K} coprime to {@code d} (near the golden section, so the
 * workers' arrivals interleave). Every block of {@code d} consecutive arrivals is a permutation
 * of {@code 0..d}, so each worker takes exactly its share of each block and every arrival is
 * taken once. Within a worker, lane {@code lane} of {@code lanes} takes every {@code lanes}-th
 * of the worker's arrivals.
 *
 * @param maxUsers concurrent users this segment may hold; an arrival beyond it is dropped
 */
public record ArrivalSegment(long from, long to, long denominator, int maxUsers, int lane, int lanes) {

    /** A worker's segment, before it is dealt out to lanes. */
    public static ArrivalSegment ofWorker(long from, long to, long denominator, int maxUsers) {
        return new ArrivalSegment(from, to, denominator, maxUsers, 0, 1);
    }

    /** True when arrival {@code n} (0-based, global) belongs to this worker's segment. */
    public boolean takes(long n) {
        long position = Math.floorMod(n % denominator * stride(denominator), denominator);
        return position >= from && position < to;
    }

    /** The same worker segment, for lane {@code lane} of {@code lanes} holding {@code maxUsersOfLane}. */
    public ArrivalSegment forLane(int lane, int lanes, int maxUsersOfLane) {
        return new ArrivalSegment(from, to, denominator, maxUsersOfLane, lane, lanes);
    }

    /** The stride {@code K}: coprime to {@code d}, near {@code 0.618·d}. */
    static long stride(long d) {
        if (d <= 2) {
            return 1;
        }
        long k = Math.max(1, Math.round(d * 0.6180339887498949));
        while (gcd(k, d) != 1) {
            k++;
        }
        return k;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
