package io.stampede.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.stampede.scenario.Load;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.Stage;
import io.stampede.wire.LoadShape;

/**
 * The load a run will apply, after command-line overrides. Closed model: {@code users} users
 * ramped over {@code rampUpMs}, each running until {@code durationMs} (-1: no time bound) or
 * for {@code iterations} conversations (0: no count bound). With stages or an arrival rate,
 * {@code shape} says how the target moves (whole segment: the coordinator cuts it per worker);
 * {@code users} is then the most users at once, and {@code plannedArrivals} the expected
 * number of arrivals of the open model.
 */
public record RunPlan(int users, long rampUpMs, long durationMs, int iterations, long gracefulStopMs, LoadShape shape,
                      double plannedArrivals) {

    public static RunPlan of(Scenario scenario, RunOverrides overrides) {
        Load load = scenario.load();
        long graceMs = load.gracefulStop().toMillis();
        if (load.isOpenModel()) {
            List<LoadShape.Stage> stages = new ArrayList<>();
            if (load.hasStages()) {
                double from = 0;
                for (Stage s : load.stages()) {
                    double to = s.arrivalRate().perSecond();
                    stages.add(new LoadShape.Stage(s.duration().toMillis(), from, to));
                    from = to;
                }
            } else {
                long ms = overrides.duration() != null ? overrides.duration().toMillis() : load.duration().toMillis();
                double rate = load.arrivalRate().perSecond();
                stages.add(new LoadShape.Stage(ms, rate, rate));
            }
            LoadShape shape = new LoadShape(true, stages, load.poisson(), ThreadLocalRandom.current().nextLong(), 0, 1, 1,
                    load.maxUsers(), 0, 1);
            double planned = stages.stream().mapToDouble(s -> (s.from() + s.to()) / 2 * s.durationMs() / 1000.0).sum();
            return new RunPlan(load.maxUsers(), 0, shape.totalMs(), 1, graceMs, shape, planned);
        }
        if (load.hasStages()) {
            List<LoadShape.Stage> stages = new ArrayList<>();
            double from = 0;
            for (Stage s : load.stages()) {
                stages.add(new LoadShape.Stage(s.duration().toMillis(), from, s.users()));
                from = s.users();
            }
            LoadShape shape = new LoadShape(false, stages, false, 0, 0, 1, 1, load.totalUsers(), 0, 1);
            return new RunPlan(load.totalUsers(), 0, shape.totalMs(), load.iterations(), graceMs, shape, 0);
        }
        int users = overrides.users() != null ? overrides.users() : load.totalUsers();
        long durationMs = overrides.duration() != null ? overrides.duration().toMillis()
                : load.duration() != null ? load.duration().toMillis() : -1;
        long rampUpMs = load.rampUp().toMillis();
        if (durationMs >= 0) {
            rampUpMs = Math.min(rampUpMs, durationMs);
        }
        return new RunPlan(users, rampUpMs, durationMs, load.iterations(), graceMs, null, 0);
    }

    public boolean isOpenModel() {
        return shape != null && shape.open();
    }

    /** Progress 0–100 from elapsed time or from conversations done. */
    public double percent(long elapsedMs, long conversationsDone) {
        double byTime = durationMs > 0 ? 100.0 * elapsedMs / durationMs : 0;
        double byCount = iterations > 0 && shape == null ? 100.0 * conversationsDone / ((double) users * iterations) : 0;
        return Math.min(100, Math.max(byTime, byCount));
    }
}
