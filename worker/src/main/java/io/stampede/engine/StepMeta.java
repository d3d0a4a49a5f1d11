package io.stampede.engine;

import java.util.List;

import io.stampede.check.Check;
import io.stampede.check.JsonPathCheck;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.FailurePolicy;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Step;
import io.stampede.template.Template;

/**
 * What a lane precomputes per step so that running it looks nothing up: the stats it records
 * into, one per check, whether the response must be parsed as JSON, and its failure policy.
 */
record StepMeta(
        Step step,
        KeyStats stats,
        KeyStats ttft,
        StreamKeys stream,
        KeyStats[] checkStats,
        boolean needsJson,
        FailurePolicy onFailure,
        SendStep asSend) {

    static StepMeta[] of(Scenario scenario, LaneRecorder recorder) {
        List<Step> steps = scenario.steps();
        StepMeta[] metas = new StepMeta[steps.size()];
        for (int i = 0; i < metas.length; i++) {
            Step step = steps.get(i);
            KeyStats[] checkStats = new KeyStats[step.checks().size()];
            for (int c = 0; c < checkStats.length; c++) {
                checkStats[c] = recorder.key(MetricKey.check(step.name(), step.checks().get(c).label()));
            }
            boolean needsJson = !step.extractions().isEmpty()
                    || step.checks().stream().anyMatch(StepMeta::readsJson);
            FailurePolicy policy = step.onFailure() == null ? scenario.onFailure() : step.onFailure();
            // A step of many turns hands each to the driver as a send step of its own name.
            SendStep asSend = step instanceof SendStep send ? send : step.isMultiTurn()
                    ? new SendStep(step.name(), 0, Template.compile(""), step.checks(), List.of(), policy, step.position()) : null;
            metas[i] = new StepMeta(step, recorder.key(MetricKey.step(step.name())),
                    recorder.key(MetricKey.ttft(step.name())), new StreamKeys(step.name(), recorder), checkStats,
                    needsJson, policy, asSend);
        }
        return metas;
    }

    private static boolean readsJson(Check check) {
        return check.unwrap() instanceof JsonPathCheck;
    }
}
