package io.stampede.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.stampede.feed.FeedEvent;
import io.stampede.results.Pricings;
import io.stampede.results.ResultsJson;
import io.stampede.run.Run;
import io.stampede.run.RunManager;
import io.stampede.run.RunRecord;
import io.stampede.run.RunStatus;
import io.stampede.scenario.Pricing;

/**
 * Live run metrics for Prometheus, read from each active run's feed (the same merged numbers the
 * dashboard shows), once a second.
 *
 * <ul>
 *   <li>per run, while it runs and for a minute after: active and target users, progress, requests/s,
 *       and each step's and node's p50/p95/p99 of the last merged second (one gauge per percentile,
 *       named for it: a gauge has no {@code quantile} label in Prometheus' model);</li>
 *   <li>per scenario, cumulative over runs: requests, errors, tokens by direction, cost,
 *       conversations by outcome (counters, all there at 0 from a run's start, so a ratio of two
 *       of them has data on a healthy run) and latency count/sum per step and node (a summary, so
 *       {@code rate(sum)/rate(count)} is the mean).</li>
 * </ul>
 * The coordinator never sees single requests, only merged histograms, so percentiles are the
 * histograms' own, not re-bucketed guesses; latency.hlog has the full detail. Values derived by a
 * division are rounded to a millionth, so the text shows {@code 0.641535}, not {@code 0.6415350000000001}.
 *
 * <p>Threading: {@link #poll()} runs on one context (a periodic timer); gauges read volatile fields
 * from the scrape's thread.
 */
final class RunMetrics {
    /** How long a finished run's gauges stay, so the last scrape sees how it ended. */
    static final long KEEP_FINISHED_MS = 60_000;
    private static final String[] PERCENTILES = {"p50", "p95", "p99"};

    private final MeterRegistry registry;
    private final RunManager runs;
    private final Map<String, Tracked> tracked = new HashMap<>();
    private final Map<String, LatencyTotal> latencyTotals = new HashMap<>();
    private final Map<String, CostTotal> costs = new HashMap<>();

    RunMetrics(MeterRegistry registry, RunManager runs) {
        this.registry = registry;
        this.runs = runs;
        Gauge.builder("stampede.runs.active", tracked, t -> t.values().stream().filter(r -> !r.ended).count())
                .description("runs pending, running or stopping").register(registry);
    }

    /** Reads what the active runs' feeds published since the last poll. */
    void poll() {
        long now = System.currentTimeMillis();
        for (RunRecord record : runs.list()) {
            if (!RunStatus.of(record.status()).isFinal() && !tracked.containsKey(record.id())) {
                runs.get(record.id()).ifPresent(run -> tracked.put(run.id(), new Tracked(run)));
            }
        }
        for (Iterator<Tracked> it = tracked.values().iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            t.drain();
            if (!t.ended && t.run.status().isFinal()) {
                t.ended = true;
                t.endedAtMs = now;
            }
            if (t.ended && now - t.endedAtMs > KEEP_FINISHED_MS) {
                t.meters.forEach(registry::remove);
                it.remove();
            }
        }
    }

    /** One run followed through its feed. */
    private final class Tracked {
        final Run run;
        final String scenario;
        final Tags tags;
        final Pricing pricing;
        final CostTotal cost;
        final List<Meter> meters = new ArrayList<>();
        final Map<String, double[]> lastSecond = new HashMap<>();
        long cursor;
        boolean ended;
        long endedAtMs;
        volatile double usersActive;
        volatile double usersTarget;
        volatile double progress;
        volatile double rps;
        long succeeded;
        long failed;
        long good;
        volatile double goodput = Double.NaN;

        Tracked(Run run) {
            this.run = run;
            this.scenario = run.scenario().name();
            this.pricing = Pricings.of(run.scenario());
            this.tags = Tags.of("run_id", run.id(), "scenario", scenario);
            meters.add(Gauge.builder("stampede.run.users.active", this, t -> t.usersActive).tags(tags)
                    .description("virtual users running now, all workers together").register(registry));
            meters.add(Gauge.builder("stampede.run.users.target", this, t -> t.usersTarget).tags(tags)
                    .description("users the run drives at full load").register(registry));
            meters.add(Gauge.builder("stampede.run.progress.ratio", this, t -> clean(t.progress)).tags(tags)
                    .description("how far the run is, 0 to 1").register(registry));
            meters.add(Gauge.builder("stampede.run.requests.per.second", this, t -> t.rps).tags(tags)
                    .description("requests to the target in the last merged second").register(registry));
            // Every counter from the run's start, at 0: a ratio of two (errors over requests) has data on a healthy run.
            counter("stampede.requests", "requests sent to the target");
            counter("stampede.request.errors", "requests that failed (transport, status or a check)");
            tokens("input");
            tokens("output");
            conversations("succeeded", 0);
            conversations("failed", 0);
            goodConversations();
            meters.add(Gauge.builder("stampede.run.goodput.ratio", this, t -> t.goodput).tags(tags)
                    .description("good conversations (checks passed, SLOs held) over those completed so far, 0 to 1")
                    .register(registry));
            cost = pricing == null ? null : costs.computeIfAbsent(scenario, s -> new CostTotal(registry, s));
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).tag("scenario", scenario).description(description).register(registry);
        }

        private Counter tokens(String direction) {
            return Counter.builder("stampede.tokens").tags("scenario", scenario, "direction", direction)
                    .description("tokens in (prompt) and out (completion), as the responses reported or as counted").register(registry);
        }


        void drain() {
            for (FeedEvent e : run.feed().since(cursor)) {
                cursor = e.id();
                try {
                    JsonNode data = ResultsJson.MAPPER.readTree(e.json());
                    switch (e.type()) {
                        case "progress" -> progress(data);
                        case "metrics" -> second(data);
                        default -> {
                            // status, event, worker, done: nothing to count
                        }
                    }
                } catch (JsonProcessingException ex) {
                    // the feed only carries JSON it serialized itself; nothing sensible to do with a bad one
                }
            }
        }

        private void progress(JsonNode p) {
            usersActive = p.path("users_active").asDouble();
            usersTarget = p.path("users_target").asDouble();
            progress = p.path("percent").asDouble() / 100.0;
            rps = p.path("rps").asDouble();
            long s = p.path("conversations_succeeded").asLong();
            long f = p.path("conversations_failed").asLong();
            conversations("succeeded", s - succeeded);
            conversations("failed", f - failed);
            succeeded = Math.max(succeeded, s);
            failed = Math.max(failed, f);
            long g = p.path("conversations_good").asLong();
            if (g > good) {
                goodConversations().increment(g - good);
                good = g;
            }
            goodput = s + f == 0 ? Double.NaN : (double) good / (s + f);
        }

        private Counter goodConversations() {
            return Counter.builder("stampede.conversations.good").tags("scenario", scenario)
                    .description("good conversations: every check passed, every SLO held").register(registry);
        }

        private void conversations(String outcome, long delta) {
            Counter counter = Counter.builder("stampede.conversations").tags("scenario", scenario, "outcome", outcome)
                    .description("conversations completed").register(registry);
            if (delta > 0) {
                counter.increment(delta);
            }
        }

        private void second(JsonNode m) {
            usersActive = m.path("users_active").asDouble();
            counter("stampede.requests", "requests sent to the target").increment(m.path("requests").asLong());
            counter("stampede.request.errors", "requests that failed (transport, status or a check)").increment(m.path("errors").asLong());
            long in = m.path("input_tokens").asLong();
            long out = m.path("output_tokens").asLong();
            tokens("input").increment(in);
            tokens("output").increment(out);
            if (cost != null) {
                cost.add(pricing.cost(in, out));
            }
            m.path("keys").fields().forEachRemaining(entry -> key(entry.getKey(), entry.getValue()));
        }

        /** A {@code step:}, {@code node:} or {@code ttft:} key's second: last-second quantiles and cumulative totals. */
        private void key(String key, JsonNode line) {
            int colon = key.indexOf(':');
            if (colon < 0) {
                return;
            }
            String kind = key.substring(0, colon);
            String name = key.substring(colon + 1);
            JsonNode latency = line.path("latency");
            long count = latency.path("count").asLong();
            if (count == 0) {
                return;
            }
            double[] values = lastSecond.get(key);
            if (values == null) {
                double[] created = new double[PERCENTILES.length];
                lastSecond.put(key, created);
                for (int i = 0; i < PERCENTILES.length; i++) {
                    int q = i;
                    meters.add(Gauge.builder("stampede.latency.last.second." + PERCENTILES[i], created, v -> clean(v[q] / 1000.0))
                            .tags(tags.and("kind", kind, "name", name))
                            .baseUnit("seconds").description(PERCENTILES[i] + " latency of the last merged second")
                            .register(registry));
                }
                values = created;
            }
            values[0] = latency.path("p50").asDouble();
            values[1] = latency.path("p95").asDouble();
            values[2] = latency.path("p99").asDouble();
            latencyTotals.computeIfAbsent(scenario + "\n" + key, k -> new LatencyTotal(registry, scenario, kind, name))
                    .add(count, Math.round(latency.path("mean").asDouble() * count * 1000));
        }
    }

    /** A value rounded to a millionth, which Prometheus' text then shows without float noise. */
    static double clean(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** What the tokens of every run of a scenario cost: a counter, in dollars to the nano-dollar. */
    private static final class CostTotal {
        final AtomicLong nanoDollars = new AtomicLong();

        CostTotal(MeterRegistry registry, String scenario) {
            FunctionCounter.builder("stampede.cost.usd", this, c -> c.nanoDollars.get() / 1e9).tag("scenario", scenario)
                    .description("what the tokens cost at the scenario's pricing, in US dollars").register(registry);
        }

        void add(double dollars) {
            nanoDollars.addAndGet(Math.round(dollars * 1e9));
        }
    }

    /** Count and sum of a key's latencies over every run of a scenario: a Prometheus summary. */
    private static final class LatencyTotal {
        final AtomicLong count = new AtomicLong();
        final AtomicLong sumMicros = new AtomicLong();

        LatencyTotal(MeterRegistry registry, String scenario, String kind, String name) {
            FunctionTimer.builder("stampede.latency", this, t -> t.count.get(), t -> clean(t.sumMicros.get() / 1e6), TimeUnit.SECONDS)
                    .tags("scenario", scenario, "kind", kind, "name", name)
                    .description("latency of steps, nodes and time to first token, all runs of the scenario")
                    .register(registry);
        }

        void add(long n, long micros) {
            count.addAndGet(n);
            sumMicros.addAndGet(micros);
        }
    }
}
