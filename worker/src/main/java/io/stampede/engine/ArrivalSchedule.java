package io.stampede.engine;

import java.util.List;
import java.util.SplittableRandom;

import io.stampede.load.ArrivalSegment;
import io.stampede.load.LoadProfile;

/**
 * The open model's arrivals: the n-th arrival of the whole run comes when the expected number
 * of arrivals, the integral of the rate over time, reaches the n-th point of a unit-rate
 * process (n itself for constant spacing, a sum of exponentials for Poisson). Inverting the
 * integral of a piecewise-linear rate is a square root per stage, so any staged profile is
 * exact. Every worker computes the same global sequence (same seed) and keeps the arrivals of
 * its own segment.
 *
 * <p>Not thread-safe: one per lane.
 */
final class ArrivalSchedule {
    /** An arrival: its global index (the user id) and when it is due, in ms after the start. */
    record Arrival(long index, double atMs) {
    }

    private final LoadProfile load;
    private final ArrivalSegment segment;
    private final SplittableRandom random;
    private final double[] stageStartS;
    private final double[] stageCumulative;
    private final double totalArrivals;
    private long n;
    /** Arrivals of this worker's segment seen so far, to deal them out to the lanes. */
    private long ofWorker;
    private double unitPoint;

    ArrivalSchedule(LoadProfile load, ArrivalSegment segment) {
        this.load = load;
        this.segment = segment;
        this.random = new SplittableRandom(load.seed());
        List<LoadProfile.Stage> stages = load.stages();
        stageStartS = new double[stages.size() + 1];
        stageCumulative = new double[stages.size() + 1];
        for (int i = 0; i < stages.size(); i++) {
            LoadProfile.Stage s = stages.get(i);
            double seconds = s.durationMs() / 1000.0;
            stageStartS[i + 1] = stageStartS[i] + seconds;
            stageCumulative[i + 1] = stageCumulative[i] + (s.from() + s.to()) / 2 * seconds;
        }
        totalArrivals = stageCumulative[stages.size()];
    }

    /** The next arrival of this segment, or null when the profile has no more. */
    Arrival next() {
        long[] recorded = load.arrivalAtMs();
        while (true) {
            if (recorded != null) {
                // A replay paced by its recording: arrival n comes when the n-th conversation began.
                if (n >= recorded.length) {
                    return null;
                }
                long index = n++;
                if (segment.takes(index, recorded[(int) index]) && ofWorker++ % segment.lanes() == segment.lane()) {
                    return new Arrival(index, recorded[(int) index]);
                }
                continue;
            }
            unitPoint = load.poisson() ? unitPoint + exponential() : n;
            if (unitPoint >= totalArrivals) {
                return null;
            }
            long index = n++;
            double atMs = timeOf(unitPoint) * 1000;
            if (segment.takes(index, atMs) && ofWorker++ % segment.lanes() == segment.lane()) {
                return new Arrival(index, atMs);
            }
        }
    }

    private double exponential() {
        return -Math.log(1 - random.nextDouble());
    }

    /** Seconds after the start at which the expected arrival count reaches {@code count}. */
    private double timeOf(double count) {
        int i = 0;
        while (i < load.stages().size() - 1 && stageCumulative[i + 1] <= count) {
            i++;
        }
        LoadProfile.Stage s = load.stages().get(i);
        double seconds = s.durationMs() / 1000.0;
        double a = s.from();
        double b = seconds == 0 ? 0 : (s.to() - s.from()) / seconds;
        double rest = count - stageCumulative[i];
        double x;
        if (Math.abs(b) < 1e-12) {
            x = a == 0 ? seconds : rest / a;
        } else {
            x = (-a + Math.sqrt(Math.max(0, a * a + 2 * b * rest))) / b;
        }
        return stageStartS[i] + Math.min(Math.max(0, x), seconds);
    }
}
