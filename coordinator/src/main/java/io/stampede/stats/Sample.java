package io.stampede.stats;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A histogram's recorded values as two sorted arrays (value, running count), for the tests: ranks
 * and inverse CDF by binary search, no allocation per lookup. Values are the histogram's units
 * (µs); each bucket stands for its highest equivalent value, as HdrHistogram's percentiles do.
 */
public final class Sample {
    private final long[] values;
    private final long[] counts;
    /** cumulative[i]: how many values are at most values[i]. */
    private final long[] cumulative;

    private Sample(long[] values, long[] counts) {
        this.values = values;
        this.counts = counts;
        this.cumulative = new long[counts.length];
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i];
            cumulative[i] = sum;
        }
    }

    public static Sample of(AbstractHistogram h) {
        List<long[]> buckets = new ArrayList<>();
        for (HistogramIterationValue v : h.recordedValues()) {
            buckets.add(new long[] {h.highestEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo()});
        }
        long[] values = new long[buckets.size()];
        long[] counts = new long[buckets.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = buckets.get(i)[0];
            counts[i] = buckets.get(i)[1];
        }
        return new Sample(values, counts);
    }

    /** From raw values (tests, simulations): sorted and counted. */
    public static Sample of(long[] raw) {
        long[] sorted = raw.clone();
        java.util.Arrays.sort(sorted);
        List<long[]> buckets = new ArrayList<>();
        for (long v : sorted) {
            if (!buckets.isEmpty() && buckets.get(buckets.size() - 1)[0] == v) {
                buckets.get(buckets.size() - 1)[1]++;
            } else {
                buckets.add(new long[] {v, 1});
            }
        }
        long[] values = new long[buckets.size()];
        long[] counts = new long[buckets.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = buckets.get(i)[0];
            counts[i] = buckets.get(i)[1];
        }
        return new Sample(values, counts);
    }

    public long n() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /** The value of rank {@code r} (1-based, clamped to 1..n). */
    public long atRank(long r) {
        long rank = Math.max(1, Math.min(n(), r));
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= rank) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return values[lo];
    }

    /** The sample quantile: the value of rank ⌈q·n⌉ (q in 0–1). */
    public long quantile(double q) {
        return atRank((long) Math.ceil(q * n()));
    }

    long[] values() {
        return values;
    }

    long[] counts() {
        return counts;
    }
}
