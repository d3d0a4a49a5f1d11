package io.stampede.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.stampede.results.ResultsJson;

/**
 * A run folder written the way a coordinator writes one ({@code run.json} and {@code summary.json}
 * with the same fields), with figures chosen by the test: what the index's tests and the
 * benchmark index. Fluent: {@code SyntheticRun.of("refunds", t).p95(250).tags("nightly").write(dir)}.
 */
public final class SyntheticRun {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static int serial;

    private final String id;
    private final String scenario;
    private final long createdAt;
    private String status = "done";
    private String reason;
    private double p95 = 200;
    private double successRate = 100;
    private Double ttftP95;
    private double tokensPerConversation = 500;
    private double costPerConversation = 0.002;
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, Double> checks = new LinkedHashMap<>();
    private Boolean thresholdPassed;
    private boolean withSummary = true;
    private com.fasterxml.jackson.databind.JsonNode goodput;

    private SyntheticRun(String id, String scenario, long createdAt) {
        this.id = id;
        this.scenario = scenario;
        this.createdAt = createdAt;
    }

    /** A done run of {@code scenario} created at {@code createdAtMs}, with an id of that second. */
    public static synchronized SyntheticRun of(String scenario, long createdAtMs) {
        return new SyntheticRun(ID.format(Instant.ofEpochMilli(createdAtMs)) + "-" + String.format("%04x", serial++ & 0xffff),
                scenario, createdAtMs);
    }

    public String id() {
        return id;
    }

    public SyntheticRun status(String s, String why) {
        this.status = s;
        this.reason = why;
        return this;
    }

    public SyntheticRun p95(double ms) {
        this.p95 = ms;
        return this;
    }

    public SyntheticRun successRate(double pct) {
        this.successRate = pct;
        return this;
    }

    /** summary.json's {@code goodput} as the coordinator writes it (absent by default, as in runs before goodput). */
    public SyntheticRun goodput(io.stampede.results.Summary.Goodput g) {
        this.goodput = ResultsJson.MAPPER.valueToTree(g);
        return this;
    }

    public SyntheticRun ttftP95(double ms) {
        this.ttftP95 = ms;
        return this;
    }

    public SyntheticRun tokensPerConversation(double t) {
        this.tokensPerConversation = t;
        return this;
    }

    public SyntheticRun tags(String... t) {
        tags.addAll(List.of(t));
        return this;
    }

    public SyntheticRun label(String name, String value) {
        labels.put(name, value);
        return this;
    }

    /** A check of step {@code ask} with this pass rate. */
    public SyntheticRun check(String name, double passRate) {
        checks.put(name, passRate);
        return this;
    }

    /** One threshold, p95 under 1 s, holding or not. */
    public SyntheticRun threshold(boolean passed) {
        this.thresholdPassed = passed;
        return this;
    }

    /** Only run.json: a run that has not ended, or died before its summary. */
    public SyntheticRun withoutSummary() {
        this.withSummary = false;
        return this;
    }

    /** Writes {@code dataDir/<id>/} and answers the folder. */
    public Path write(Path dataDir) {
        try {
            Path dir = Files.createDirectories(dataDir.resolve(id));
            Files.write(dir.resolve("run.json"), ResultsJson.PRETTY.writeValueAsBytes(record()));
            if (withSummary) {
                Files.write(dir.resolve("summary.json"), ResultsJson.PRETTY.writeValueAsBytes(summary()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode record() {
        ObjectNode r = ResultsJson.MAPPER.createObjectNode();
        r.put("id", id).put("scenario", scenario).put("status", status).put("reason", reason).put("created_at", createdAt)
                .put("started_at", createdAt + 100).put("users", 10);
        if (!status.equals("pending") && !status.equals("running")) {
            r.put("ended_at", createdAt + 60_100);
        }
        r.set("tags", ResultsJson.MAPPER.valueToTree(tags));
        r.set("labels", ResultsJson.MAPPER.valueToTree(labels));
        r.put("submitted_by", "test");
        return r;
    }

    private ObjectNode summary() {
        ObjectNode s = ResultsJson.MAPPER.createObjectNode();
        s.put("run_id", id).put("scenario", scenario).put("status", status).put("reason", reason)
                .put("started_at", Instant.ofEpochMilli(createdAt + 100).toString())
                .put("ended_at", Instant.ofEpochMilli(createdAt + 60_100).toString()).put("duration_s", 60.0)
                .put("success_rate", successRate);
        s.putObject("users").put("target", 10).put("started", 10).put("finished", 10);
        s.putObject("conversations").put("started", 100).put("succeeded", Math.round(successRate)).put("failed", 100 - Math.round(successRate));
        s.putObject("requests").put("count", 200).put("errors", 0).put("rps", 3.3).put("error_rate", 0.0);
        s.putObject("latency_ms").put("count", 200).put("p50", p95 / 2).put("p95", p95).put("p99", p95 * 1.5);
        if (ttftP95 != null) {
            s.putObject("ttft_ms").put("p95", ttftP95);
        }
        ArrayNode steps = s.putArray("steps");
        steps.addObject().put("name", "ask").put("kind", "send").put("count", 100).put("errors", 0).put("success_rate", successRate)
                .putObject("latency_ms").put("p50", p95 / 2).put("p95", p95).put("p99", p95 * 1.5);
        s.putArray("nodes").addObject().put("name", "llm_call").put("count", 100).put("errors", 0).put("success_rate", 100.0)
                .putObject("latency_ms").put("p50", p95 / 4).put("p95", p95 / 2).put("p99", p95 / 1.5);
        ArrayNode checkLines = s.putArray("checks");
        checks.forEach((name, rate) -> checkLines.addObject().put("step", "ask").put("check", name).put("count", 100)
                .put("failures", Math.round(100 - rate)).put("pass_rate", rate));
        s.putObject("tokens").put("input", 300 * 100).put("output", 200 * 100).put("total", 500 * 100)
                .put("per_conversation", tokensPerConversation);
        s.putObject("cost").put("model", "demo").put("total", costPerConversation * 100)
                .put("per_conversation", costPerConversation).put("currency", "USD");
        ArrayNode thresholds = s.putArray("thresholds");
        if (thresholdPassed != null) {
            thresholds.addObject().put("metric", "p95_latency").put("expression", "p95_latency < 1s").put("actual", p95)
                    .put("limit", 1000.0).put("passed", thresholdPassed);
        }
        s.put("thresholds_passed", thresholdPassed == null || thresholdPassed);
        s.putArray("workers").addObject().put("worker_id", "w1").put("slice_id", "s0").put("users", 10);
        s.putArray("notes");
        if (goodput != null) {
            s.set("goodput", goodput);
        }
        return s;
    }
}
