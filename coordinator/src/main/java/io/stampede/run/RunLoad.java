package io.stampede.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.stampede.feeder.RunDataset;
import io.stampede.load.LoadProfile;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Load;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioError;
import io.stampede.scenario.Stage;
import io.stampede.time.Durations;

/**
 * The load a run will apply: the scenario's {@code load:} after command-line overrides, and the
 * overrides and user counts refused before anything starts.
 */
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

    /** Users beyond the coordinator's limit are refused before anything starts: workers' memory is bounded by them. */
    static void checkUsers(LoadProfile load, int maxUsers) throws InvalidScenarioException {
        if (load.users() > maxUsers) {
            throw new InvalidScenarioException(List.of(new ScenarioError(0, 0, "load.users", load.users()
                    + " users is more than the " + maxUsers + " users per run this coordinator allows (--max-users):"
                    + " run fewer users, or ask its operator")));
        }
    }

    /** Command-line overrides that do not fit the scenario are refused before anything starts. */
    static void check(Scenario scenario, RunOverrides overrides) throws InvalidScenarioException {
        List<ScenarioError> errors = new ArrayList<>();
        boolean shaped = scenario.load().isOpenModel() || scenario.load().hasStages();
        if (overrides.users() != null && shaped) {
            errors.add(new ScenarioError(0, 0, "--users",
                    "does not apply to a scenario with stages or arrival_rate: change the scenario instead"));
        }
        if (overrides.duration() != null && scenario.load().hasStages()) {
            errors.add(new ScenarioError(0, 0, "--duration", "does not apply to a scenario with stages: change the stages instead"));
        }
        Duration warmup = scenario.load().warmup();
        if (overrides.duration() != null && !warmup.isZero() && overrides.duration().compareTo(warmup) <= 0) {
            errors.add(new ScenarioError(0, 0, "--duration", "leaves nothing to measure after the scenario's warmup of "
                    + Durations.format(warmup) + ": run longer than that"));
        }
        if (scenario.dataset() != null && scenario.dataset().pacedByRecording() && (overrides.users() != null
                || overrides.duration() != null)) {
            errors.add(new ScenarioError(0, 0, overrides.users() != null ? "--users" : "--duration", "does not apply to a replay"
                    + " paced by its recording, which starts each conversation when it began: use timing: as-fast"));
        }
        if (overrides.arrivalRate() != null && (!scenario.load().isOpenModel() || scenario.load().hasStages())) {
            errors.add(new ScenarioError(0, 0, "arrival_rate",
                    "an arrival rate applies to a scenario with load.arrival_rate (and no stages) only"));
        }
        if (overrides.arrivalRate() != null && !(overrides.arrivalRate() > 0)) {
            errors.add(new ScenarioError(0, 0, "arrival_rate", "must be more than 0 per second"));
        }
        if (overrides.users() != null && overrides.users() < 1) {
            errors.add(new ScenarioError(0, 0, "--users", "must be at least 1"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidScenarioException(errors);
        }
    }

    /** Progress 0–100 from elapsed time or from conversations done. */
    static double percent(LoadProfile load, long elapsedMs, long conversationsDone) {
        double byTime = load.durationMs() > 0 ? 100.0 * elapsedMs / load.durationMs() : 0;
        double byCount = load.iterations() > 0 && !load.isShaped()
                ? 100.0 * conversationsDone / ((double) load.users() * load.iterations()) : 0;
        return Math.min(100, Math.max(byTime, byCount));
    }
}
