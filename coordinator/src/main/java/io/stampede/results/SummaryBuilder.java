package io.stampede.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.HdrHistogram.Histogram;

import io.stampede.aggregate.SecondStats;
import io.stampede.check.Check;
import io.stampede.metrics.Counters;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.Latencies;
import io.stampede.metrics.MetricKey;
import io.stampede.metrics.MetricsSnapshot;
import io.stampede.metrics.Percentiles;
import io.stampede.scenario.CallToolStep;
import io.stampede.scenario.DatasetStep;
import io.stampede.scenario.SimulatedStep;
import io.stampede.scenario.Pricing;
import io.stampede.scenario.RequestStep;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.SendStep;
import io.stampede.scenario.Step;
import io.stampede.tokens.TokenCounters;

/** Builds a run's {@link Summary} from its merged totals; reads only recorded data. */
public final class SummaryBuilder {
    /** Run facts that are not metrics. */
    public record RunFacts(String runId, String status, String reason, long startedAtMs, long endedAtMs, int targetUsers,
                           Double plannedArrivals, List<Summary.WorkerLine> workers, List<String> notes, Losses losses) {

        public RunFacts(String runId, String status, String reason, long startedAtMs, long endedAtMs, int targetUsers,
                        Double plannedArrivals, List<Summary.WorkerLine> workers, List<String> notes) {
            this(runId, status, reason, startedAtMs, endedAtMs, targetUsers, plannedArrivals, workers, notes, Losses.NONE);
        }
    }

    /**
     * What lost workers cost the run: users they left unfinished that nobody took over,
     * conversations cut, of which restarted elsewhere, and the degraded times.
     */
    public record Losses(long usersLost, long conversationsLost, long conversationsRestarted, List<Summary.Degraded> degraded,
                         List<Summary.Joined> joined) {
        public static final Losses NONE = new Losses(0, 0, 0, List.of(), List.of());
    }

    private SummaryBuilder() {
    }

    public static Summary build(Scenario scenario, RunFacts facts, MetricsSnapshot totals) {
        return build(scenario, facts, totals, List.of());
    }

    /** With the run's per-second {@code timeline}, which says when the load generator was behind. */
    public static Summary build(Scenario scenario, RunFacts facts, MetricsSnapshot totals, List<SecondStats> timeline) {
        return build(scenario, facts, totals, timeline, List.of());
    }

    /** With the run's load {@code levels} (stages, or a capacity search's measured window). */
    public static Summary build(Scenario scenario, RunFacts facts, MetricsSnapshot totals, List<SecondStats> timeline,
                                List<Summary.Level> levels) {
        double runS = Math.max(0, facts.endedAtMs() - facts.startedAtMs()) / 1000.0;
        // The warm-up rounds up to whole seconds, as the timeline counts it; rates are over the measured time.
        double warmupS = Math.min(runS, Math.ceil(scenario.load().warmup().toMillis() / 1000.0));
        double durationS = runS - warmupS;
        Counters c = totals.counters();
        KeyStats all = totals.allSteps();
        long completed = c.conversationsCompleted();
        Pricing pricing = Pricings.of(scenario);
        ThresholdEvaluator thresholds = new ThresholdEvaluator(scenario, totals, durationS);
        List<Summary.ThresholdResult> results = thresholds.evaluate();
        Summary.Generator generator = GeneratorHealth.of(totals, timeline);
        List<String> notes = generator == null || !generator.bottleneck() ? facts.notes()
                : java.util.stream.Stream.concat(facts.notes().stream(), java.util.stream.Stream.of(generator.verdict())).toList();
        return new Summary(
                facts.runId(),
                scenario.name(),
                facts.status(),
                facts.reason(),
                Instant.ofEpochMilli(facts.startedAtMs()).toString(),
                Instant.ofEpochMilli(facts.endedAtMs()).toString(),
                runS,
                warmupS,
                new Summary.Users(facts.targetUsers(), c.usersStarted, c.usersFinished, facts.losses().usersLost()),
                facts.plannedArrivals() == null ? null : new Summary.Arrivals(Math.round(facts.plannedArrivals()),
                        c.usersStarted, c.arrivalsDropped, c.arrivalsLate,
                        timeline.stream().mapToInt(SecondStats::activeUsers).max().orElse(0), facts.targetUsers()),
                new Summary.Conversations(c.conversationsStarted, c.conversationsSucceeded, c.conversationsFailed,
                        c.conversationsInterrupted, facts.losses().conversationsLost(), facts.losses().conversationsRestarted()),
                completed == 0 ? 0 : round(100.0 * c.conversationsSucceeded / completed),
                new Summary.Requests(all.count(), all.errors(), durationS > 0 ? round(all.count() / durationS) : 0,
                        all.count() == 0 ? 0 : round(100.0 * all.errors() / all.count())),
                Percentiles.of(all.latency()),
                ttft(totals),
                steps(scenario, totals, pricing, durationS),
                nodes(totals),
                checks(scenario, totals),
                new Summary.Tokens(all.inputTokens(), all.outputTokens(), all.inputTokens() + all.outputTokens(),
                        completed == 0 ? 0 : round((double) (all.inputTokens() + all.outputTokens()) / completed),
                        durationS <= 0 ? 0 : round(all.outputTokens() / durationS), countedWith(scenario, all)),
                pricing == null ? null : cost(scenario, pricing, all, completed),
                results,
                results.stream().allMatch(Summary.ThresholdResult::passed),
                facts.workers(),
                facts.losses().degraded(),
                facts.losses().joined(),
                generator,
                facts.workers().stream().mapToLong(w -> Math.abs(w.clockOffsetMs())).max().orElse(0),
                notes,
                GoodputFigures.goodput(totals, pricing, durationS),
                GoodputFigures.passK(totals, scenario.load().repeat()),
                levels.isEmpty() ? null : levels,
                helper(scenario, totals, "simulator", scenario.simulator() == null ? null : scenario.simulator().endpoint().model()),
                helper(scenario, totals, "judge", judgeModel(scenario)));
    }

    /** A helper model's figures, or null when the run made no call to it. */
    private static Summary.Helper helper(Scenario scenario, MetricsSnapshot totals, String helper, String model) {
        KeyStats calls = totals.keys().get(MetricKey.helper(helper, "calls"));
        KeyStats cached = totals.keys().get(MetricKey.helper(helper, "cached"));
        if ((calls == null || calls.count() == 0) && (cached == null || cached.count() == 0)) {
            return null;
        }
        calls = calls == null ? new KeyStats() : calls;
        KeyStats wait = totals.keys().get(MetricKey.helper(helper, "wait"));
        Pricing price = model == null ? null : scenario.pricing().get(model);
        return new Summary.Helper(model == null ? null : scenario.secrets().mask(model), calls.count(), calls.errors(),
                calls.count() == 0 ? null : Percentiles.of(calls.latency()),
                wait == null || wait.count() == 0 ? null : Percentiles.of(wait.latency()),
                calls.inputTokens(), calls.outputTokens(),
                price == null ? null : round6(price.cost(calls.inputTokens(), calls.outputTokens())), failures(calls),
                helper.equals("judge") ? Long.valueOf(cached == null ? 0 : cached.count()) : null);
    }

    /** The judge's model when every judge check names the same one (the usual case), else null. */
    private static String judgeModel(Scenario scenario) {
        List<String> models = scenario.steps().stream().flatMap(s -> s.checks().stream())
                .filter(c -> c.unwrap() instanceof io.stampede.scenario.JudgeCheck)
                .map(c -> ((io.stampede.scenario.JudgeCheck) c.unwrap()).endpoint().model()).distinct().toList();
        return models.size() == 1 ? models.get(0) : null;
    }

    private static Percentiles ttft(MetricsSnapshot totals) {
        Histogram h = Latencies.newHistogram();
        totals.keys().forEach((k, v) -> {
            if (k.startsWith("ttft:")) {
                h.add(v.latency());
            }
        });
        return h.getTotalCount() == 0 ? null : Percentiles.of(h);
    }

    private static List<Summary.StepLine> steps(Scenario scenario, MetricsSnapshot totals, Pricing pricing, double durationS) {
        List<Summary.StepLine> lines = new ArrayList<>();
        for (Step step : scenario.steps()) {
            KeyStats s = totals.keys().get(MetricKey.step(step.name()));
            if (s == null || s.count() == 0) {
                if (!step.isMeasured() && step.checks().isEmpty()) {
                    continue; // waits are not measured
                }
                s = new KeyStats();
            }
            KeyStats ttft = totals.keys().get(MetricKey.ttft(step.name()));
            boolean streamed = ttft != null && ttft.count() > 0;
            lines.add(new Summary.StepLine(step.name(), kind(step), s.count(), s.errors(), rate(s),
                    step.isMeasured() ? Percentiles.of(s.latency()) : null,
                    streamed ? Percentiles.of(ttft.latency()) : null,
                    s.inputTokens(), s.outputTokens(),
                    pricing == null ? null : round6(pricing.cost(s.inputTokens(), s.outputTokens())),
                    failures(s),
                    step instanceof SendStep send ? send.turn() : null,
                    percentiles(totals, MetricKey.ttfo(step.name())),
                    percentiles(totals, MetricKey.itl(step.name())),
                    percentiles(totals, MetricKey.tpot(step.name())),
                    s.reasoningTokens(), s.cachedTokens(),
                    streamed && durationS > 0 ? round(s.outputTokens() / durationS) : null));
        }
        return lines;
    }

    private static Percentiles percentiles(MetricsSnapshot totals, String key) {
        KeyStats k = totals.keys().get(key);
        return k == null || k.count() == 0 ? null : Percentiles.of(k.latency());
    }

    private static List<Summary.NodeLine> nodes(MetricsSnapshot totals) {
        List<Summary.NodeLine> lines = new ArrayList<>();
        Map<String, String> parents = parents(totals);
        totals.keys().forEach((k, s) -> {
            if (k.startsWith("node:") && s.count() > 0) {
                String name = MetricKey.parse(k).name();
                lines.add(new Summary.NodeLine(name, s.count(), s.errors(), rate(s),
                        Percentiles.of(s.latency()), s.inputTokens() + s.outputTokens(), failures(s), parents.get(name)));
            }
        });
        return lines;
    }

    /**
     * Per node type, the other type it ran inside most often ({@code nest:} counts; ties go to the
     * first by name). A type inside itself (a sub-agent in an agent) says nothing of where it sits.
     */
    private static Map<String, String> parents(MetricsSnapshot totals) {
        Map<String, String> parent = new HashMap<>();
        Map<String, Long> best = new HashMap<>();
        totals.keys().forEach((k, s) -> {
            int arrow = k.indexOf('>');
            if (k.startsWith("nest:") && arrow > 0) {
                String child = k.substring(arrow + 1);
                String inside = k.substring("nest:".length(), arrow);
                if (!inside.equals(child) && s.count() > best.getOrDefault(child, 0L)) {
                    best.put(child, s.count());
                    parent.put(child, inside);
                }
            }
        });
        return parent;
    }

    private static List<Summary.CheckLine> checks(Scenario scenario, MetricsSnapshot totals) {
        List<Summary.CheckLine> lines = new ArrayList<>();
        Set<String> judged = new HashSet<>();
        totals.keys().forEach((k, s) -> {
            if (k.startsWith("check:") && (s.count() > 0 || !s.failures().isEmpty())) {
                judged.add(k); // with a count, or with reasons it was not evaluated (a judge that never could say)
                String name = MetricKey.parse(k).name();
                int slash = name.lastIndexOf('/');
                String step = name.substring(0, slash);
                KeyStats stepStats = totals.keys().get(MetricKey.step(step));
                long ran = stepStats == null ? s.count() : stepStats.count();
                // A check key's reasons say why it was not evaluated (its failures are counted, not reasoned).
                lines.add(new Summary.CheckLine(step, name.substring(slash + 1), s.count(), s.errors(), rate(s),
                        Math.max(0, ran - s.count()), failures(s)));
            }
        });
        // A check its step's earlier failure made meaningless every time (all 500s) was never judged, so it
        // has no count; it is listed all the same, not evaluated on every run of its step.
        for (Step step : scenario.steps()) {
            KeyStats ran = totals.keys().get(MetricKey.step(step.name()));
            for (Check check : step.checks()) {
                if (ran != null && ran.count() > 0 && !judged.contains(MetricKey.check(step.name(), check.label()))) {
                    lines.add(new Summary.CheckLine(step.name(), check.label(), 0, 0, 0, ran.count()));
                }
            }
        }
        return lines;
    }

    /**
     * What the run's tokens rest on, per metric: the target's usage, or the counter the scenario
     * names (every worker resolves the same one from {@code target.tokenizer} and the model).
     */
    static Map<String, String> countedWith(Scenario scenario, KeyStats all) {
        if (all.turnsReported() == 0 && all.turnsCounted() == 0) {
            return null;
        }
        String counter = TokenCounters.resolve(scenario.target().tokenizer(), scenario.target().model());
        String source = all.turnsCounted() == 0 ? TokenCounters.REPORTED
                : all.turnsReported() == 0 ? counter
                : all.turnsReported() >= all.turnsCounted() ? TokenCounters.REPORTED + "+" + counter
                : counter + "+" + TokenCounters.REPORTED;
        Map<String, String> byMetric = new LinkedHashMap<>();
        byMetric.put("input", source);
        byMetric.put("output", source);
        return byMetric;
    }

    private static Summary.Cost cost(Scenario scenario, Pricing pricing, KeyStats all, long completed) {
        double total = pricing.cost(all.inputTokens(), all.outputTokens());
        return new Summary.Cost(scenario.secrets().mask(scenario.target().model()), round6(total), completed == 0 ? 0 : round6(total / completed), "USD");
    }

    private static List<Summary.Failure> failures(KeyStats s) {
        return s.failures().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Summary.Failure(e.getKey(), e.getValue()))
                .toList();
    }

    static String kind(Step step) {
        if (step instanceof SendStep) {
            return "send";
        }
        if (step instanceof RequestStep) {
            return "request";
        }
        if (step instanceof CallToolStep) {
            return "call_tool";
        }
        if (step instanceof DatasetStep) {
            return "from_dataset";
        }
        if (step instanceof SimulatedStep) {
            return "from_simulator";
        }
        return step.isMeasured() ? "step" : "assert";
    }

    private static double rate(KeyStats s) {
        return s.count() == 0 ? 0 : round(100.0 * (s.count() - s.errors()) / s.count());
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
