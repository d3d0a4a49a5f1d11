package io.stampede.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.stampede.feeder.RunDataset;
import io.stampede.load.LoadProfile;
import io.stampede.scenario.Load;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.Stage;

/** The load a run will apply: the scenario's {@code load:} after command-line overrides. */
final class RunLoad {
    private RunLoad() {
    }

    static LoadProfile of(Scenario scenario, RunOverrides overrides) {
        return of(scenario, overrides, null);
    }

    /** With the run's dataset: a replay paced by its recording brings its own arrivals. */
    static LoadProfile of(Scenario scenario, RunOverrides overrides, RunDataset dataset) {
        if (dataset != null && dataset.arrivalsMs() != null) {
            Load load = scenario.load();
            return LoadProfile.recordedArrivals(dataset.arrivalsMs(), dataset.recordedSpanMs(), load.maxUsers(),
                    load.gracefulStop().toMillis())
                    .withWarmup(load.warmup().toMillis());
        }
        return shaped(scenario, overrides).withWarmup(scenario.load().warmup().toMillis()).repeated(scenario.load().repeat());
    }

    private static LoadProfile shaped(Scenario scenario, RunOverrides overrides) {
        Load load = scenario.load();
        long graceMs = load.gracefulStop().toMillis();
        if (load.isOpenModel()) {
            List<LoadProfile.Stage> stages = new ArrayList<>();
            if (load.hasStages()) {
                double from = 0;
                for (Stage s : load.stages()) {
                    double to = s.arrivalRate().perSecond();
                    stages.add(new LoadProfile.Stage(s.duration().toMillis(), from, to));
                    from = to;
                }
            } else {
                long ms = overrides.duration() != null ? overrides.duration().toMillis() : load.duration().toMillis();
                double rate = overrides.arrivalRate() != null ? overrides.arrivalRate() : load.arrivalRate().perSecond();
                stages.add(new LoadProfile.Stage(ms, rate, rate));
            }
            return LoadProfile.arrivals(stages, load.poisson(), ThreadLocalRandom.current().nextLong(), load.maxUsers(), graceMs);
        }
        if (load.hasStages()) {
            List<LoadProfile.Stage> stages = new ArrayList<>();
            double from = 0;
            for (Stage s : load.stages()) {
                stages.add(new LoadProfile.Stage(s.duration().toMillis(), from, s.users()));
                from = s.users();
            }
            return LoadProfile.stagesOfUsers(stages, load.totalUsers(), load.iterations(), graceMs);
        }
        int users = overrides.users() != null ? overrides.users() : load.totalUsers();
        long durationMs = overrides.duration() != null ? overrides.duration().toMillis()
                : load.duration() != null ? load.duration().toMillis() : -1;
        long rampUpMs = load.rampUp().toMillis();
        if (durationMs >= 0) {
            rampUpMs = Math.min(rampUpMs, durationMs);
        }
        return LoadProfile.closed(users, rampUpMs, durationMs, load.iterations(), graceMs);
    }

    /** Progress 0–100 from elapsed time or from conversations done. */
    static double percent(LoadProfile load, long elapsedMs, long conversationsDone) {
        double byTime = load.durationMs() > 0 ? 100.0 * elapsedMs / load.durationMs() : 0;
        double byCount = load.iterations() > 0 && !load.isShaped()
                ? 100.0 * conversationsDone / ((double) load.users() * load.iterations()) : 0;
        return Math.min(100, Math.max(byTime, byCount));
    }
}
