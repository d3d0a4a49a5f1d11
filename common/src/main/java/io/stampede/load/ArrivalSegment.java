package io.stampede.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of the open model's arrivals a worker (and within it, a lane) takes. Every worker
 * computes the same global arrival schedule and keeps the arrivals of its segment: arrival
 * {@code n}, due {@code atMs} after the start, is at position {@code n·K mod d} of
 * {@code 0..denominator}, with {@code K} coprime to {@code d} (near the golden section, so the
 * workers' arrivals interleave), and belongs to the segment with a {@link Part} holding that
 * position at that time. Every block of {@code d} consecutive arrivals is a permutation of
 * {@code 0..d}, so each worker takes exactly its share of each block and every arrival is taken
 * once. A worker that joins a running run takes positions from the others from an instant on
 * ({@link #giveUp}): the parts say who holds what, when. Within a worker, lane {@code lane} of
 * {@code lanes} takes every {@code lanes}-th of the worker's arrivals.
 *
 * @param maxUsers concurrent users this segment may hold; an arrival beyond it is dropped
 */
public record ArrivalSegment(List<Part> parts, long denominator, int maxUsers, int lane, int lanes) {

    /** No end: the part holds its positions until the run's end. */
    public static final long FOREVER = Long.MAX_VALUE;

    /** Positions {@code [from, to)} for arrivals due in {@code [sinceMs, untilMs)} after the start. */
    public record Part(long from, long to, long sinceMs, long untilMs) {
        boolean holds(long position, double atMs) {
            return position >= from && position < to && atMs >= sinceMs && atMs < untilMs;
        }

        long size() {
            return to - from;
        }
    }

    public ArrivalSegment {
        parts = List.copyOf(parts);
    }

    /** A worker's segment, before it is dealt out to lanes: positions {@code [from, to)} for the whole run. */
    public static ArrivalSegment ofWorker(long from, long to, long denominator, int maxUsers) {
        return new ArrivalSegment(List.of(new Part(from, to, 0, FOREVER)), denominator, maxUsers, 0, 1);
    }

    /** True when arrival {@code n} (0-based, global), due {@code atMs} after the start, belongs to this worker's segment. */
    public boolean takes(long n, double atMs) {
        long position = Math.floorMod(n % denominator * stride(denominator), denominator);
        for (Part p : parts) {
            if (p.holds(position, atMs)) {
                return true;
            }
        }
        return false;
    }

    /** The same worker segment, for lane {@code lane} of {@code lanes} holding {@code maxUsersOfLane}. */
    public ArrivalSegment forLane(int lane, int lanes, int maxUsersOfLane) {
        return new ArrivalSegment(parts, denominator, maxUsersOfLane, lane, lanes);
    }

    /** The positions this segment holds for arrivals due at {@code atMs}. */
    public long sizeAt(long atMs) {
        return parts.stream().filter(p -> atMs >= p.sinceMs() && atMs < p.untilMs()).mapToLong(Part::size).sum();
    }

    /** What a segment keeps and what it gives to a worker that joins: {@link #giveUp}. */
    public record Split(ArrivalSegment kept, List<Part> given) {
    }

    /**
     * Gives up {@code count} of the positions it holds until the end, for arrivals due from
     * {@code fromMs} on (the last positions of its open parts first), and as many of its max
     * users; it keeps the rest, and everything before {@code fromMs}.
     */
    public Split giveUp(long count, long fromMs) {
        List<Part> kept = new ArrayList<>();
        List<Part> given = new ArrayList<>();
        long left = count;
        for (int i = parts.size() - 1; i >= 0; i--) {
            Part p = parts.get(i);
            long k = p.untilMs() == FOREVER && p.sinceMs() <= fromMs ? Math.min(left, p.size()) : 0;
            left -= k;
            if (k == 0) {
                kept.add(0, p);
                continue;
            }
            if (p.size() > k) {
                kept.add(0, new Part(p.from(), p.to() - k, p.sinceMs(), FOREVER));
            }
            if (fromMs > p.sinceMs()) {
                kept.add(0, new Part(p.to() - k, p.to(), p.sinceMs(), fromMs));
            }
            given.add(0, new Part(p.to() - k, p.to(), fromMs, FOREVER));
        }
        long moved = count - left;
        return new Split(new ArrivalSegment(kept, denominator, (int) Math.max(0, maxUsers - moved), lane, lanes), given);
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
