package io.stampede.engine;

import java.util.List;

import io.stampede.check.Check;
import io.stampede.check.Check.Reads;
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
 * into, one per check, what of a plain response's body must be kept (nothing, its text, its
 * JSON: for its own checks and extractions and those of the assert-only steps after it, which
 * check the same response), and its failure policy.
 */
record StepMeta(
        Step step,
        KeyStats stats,
        KeyStats ttft,
        StreamKeys stream,
        KeyStats[] checkStats,
        Reads reads,
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
            FailurePolicy policy = step.onFailure() == null ? scenario.onFailure() : step.onFailure();
            // A step of many turns hands each to the driver as a send step of its own name.
            SendStep asSend = step instanceof SendStep send ? send : step.isMultiTurn()
                    ? new SendStep(step.name(), 0, Template.compile(""), step.checks(), List.of(), policy, step.position()) : null;
            metas[i] = new StepMeta(step, recorder.key(MetricKey.step(step.name())),
                    recorder.key(MetricKey.ttft(step.name())), new StreamKeys(step.name(), recorder), checkStats,
                    reads(steps, i), policy, asSend);
        }
        return metas;
    }

    /** What the checks and extractions on the response of step {@code i} read of its body. */
    private static Reads reads(List<Step> steps, int i) {
        Reads reads = steps.get(i).extractions().isEmpty() ? Reads.NOTHING : Reads.JSON;
        for (int j = i; j < steps.size(); j++) {
            Step s = steps.get(j);
            if (j > i && s.isMeasured()) {
                break; // the next exchange: later checks read its response
            }
            for (Check check : s.checks()) {
                reads = reads.and(check.unwrap().reads());
            }
        }
        return reads;
    }
}
