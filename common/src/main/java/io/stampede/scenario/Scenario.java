package io.stampede.scenario;

import java.util.List;
import java.util.Map;

import io.stampede.secret.Secrets;

/**
 * A validated scenario: the immutable model everything after the loader trusts.
 *
 * @param userProfile  sent with every turn ({@code user_profile}); plain JSON values
 * @param data         the CSV feeder rows, or {@link DataTable#EMPTY}
 * @param variables    the environment variables the text used, with their values, so a worker
 *                     can load the same text with the same values; may hold secrets
 * @param secrets      values that must never be written to results, logs or the feed, and the
 *                     redactor that masks them in text made from this scenario
 * @param source       the YAML text as submitted (before substitution)
 * @param slo          what a conversation must meet, beyond its checks, to count as good ({@link Slo#NONE}: nothing)
 * @param dataset      the conversation dataset of {@code from_dataset} steps, or null
 * @param simulator    the simulated user of {@code from_simulator} steps ({@code user.simulator}), or null
 */
public record Scenario(
        String name,
        Target target,
        Load load,
        Map<String, Object> userProfile,
        DataTable data,
        List<Step> steps,
        List<Threshold> thresholds,
        Map<String, Pricing> pricing,
        FailurePolicy onFailure,
        WorkerLossPolicy onWorkerLoss,
        Map<String, String> variables,
        Secrets secrets,
        String source,
        Slo slo,
        Dataset dataset,
        Simulator simulator) {

    /** Without a conversation dataset or a simulated user. */
    public Scenario(String name, Target target, Load load, Map<String, Object> userProfile, DataTable data, List<Step> steps,
                    List<Threshold> thresholds, Map<String, Pricing> pricing, FailurePolicy onFailure, WorkerLossPolicy onWorkerLoss,
                    Map<String, String> variables, Secrets secrets, String source, Slo slo) {
        this(name, target, load, userProfile, data, steps, thresholds, pricing, onFailure, onWorkerLoss, variables, secrets, source,
                slo, null, null);
    }

    /** Without an SLO, a conversation dataset or a simulated user. */
    public Scenario(String name, Target target, Load load, Map<String, Object> userProfile, DataTable data, List<Step> steps,
                    List<Threshold> thresholds, Map<String, Pricing> pricing, FailurePolicy onFailure, WorkerLossPolicy onWorkerLoss,
                    Map<String, String> variables, Secrets secrets, String source) {
        this(name, target, load, userProfile, data, steps, thresholds, pricing, onFailure, onWorkerLoss, variables, secrets, source,
                Slo.NONE, null, null);
    }

    /** The price of the target's model, or null when the model or its price is not given. */
    public Pricing targetPricing() {
        return target.model() == null ? null : pricing.get(target.model());
    }

    /** The measured steps, in order (wait and assert-only steps are not measured). */
    public List<Step> measuredSteps() {
        return steps.stream().filter(Step::isMeasured).toList();
    }

    public Step step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
