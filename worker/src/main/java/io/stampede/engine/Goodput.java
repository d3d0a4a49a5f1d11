package io.stampede.engine;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.Pricing;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.Slo;
import io.stampede.scenario.Step;

/**
 * What a lane needs to judge conversations, looked up once: the scenario's objectives, the
 * target model's price, {@code load.repeat}, and the keys the verdicts are recorded into
 * ({@link MetricKey#CONVERSATIONS}, {@link MetricKey#TASKS}, {@code passk:<step>} per step, null
 * for waits). On the lane's event loop only.
 */
record Goodput(Slo slo, Pricing pricing, int repeat, KeyStats conversations, KeyStats tasks, KeyStats[] stepTasks) {

    static Goodput of(Scenario scenario, LaneRecorder recorder) {
        int repeat = Math.max(1, scenario.load().repeat());
        KeyStats[] steps = new KeyStats[scenario.steps().size()];
        if (repeat > 1) {
            for (int i = 0; i < steps.length; i++) {
                Step step = scenario.steps().get(i);
                if (step.isMeasured() || !step.checks().isEmpty()) {
                    steps[i] = recorder.key(MetricKey.passK(step.name()));
                }
            }
        }
        return new Goodput(scenario.slo(), scenario.targetPricing(), repeat, recorder.key(MetricKey.CONVERSATIONS),
                repeat > 1 ? recorder.key(MetricKey.TASKS) : null, steps);
    }
}
