package io.stampede.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.stampede.results.ResultsJson;

/**
 * A data dir's worth of history for the index benchmarks: {@code n} runs over 10 scenarios, one
 * every 5 minutes, each with the files a coordinator writes (run.json and a summary.json of the
 * same shape: 3 steps, 4 nodes, 3 checks, 2 thresholds), tagged nightly one in three and pinned
 * one in a hundred, labelled with a commit and an environment; 5 % failed their thresholds, 2 %
 * were aborted. Seeded: the same history every time.
 */
final class SyntheticHistory {
    static final long T0 = 1_790_000_000_000L;
    static final long STEP_MS = 300_000;
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private SyntheticHistory() {
    }

    static String id(int i) {
        return ID.format(Instant.ofEpochMilli(T0 + i * STEP_MS)) + "-" + String.format("%04x", i & 0xffff);
    }

    static String commit(int i) {
        return String.format("%07x", (i * 2654435761L) & 0xfffffffL);
    }

    /** Writes run {@code i} of the history under {@code dataDir}. */
    static void write(Path dataDir, int i, SplittableRandom random) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve(id(i)));
        long created = T0 + i * STEP_MS;
        String scenario = "scenario_" + (i % 10);
        boolean aborted = random.nextInt(50) == 0;
        boolean failed = !aborted && random.nextInt(20) == 0;
        String status = aborted ? "aborted" : "done";
        double p95 = 200 + random.nextDouble() * 100 + (failed ? 2000 : 0);
        ObjectNode record = ResultsJson.MAPPER.createObjectNode();
        record.put("id", id(i)).put("scenario", scenario).put("status", status).put("created_at", created)
                .put("started_at", created + 200).put("ended_at", created + 120_200).put("users", 50)
                .put("submitted_by", "stampede-cli ci@runner").put("origin", scenario + ".yaml");
        var tags = record.putArray("tags");
        if (i % 3 == 0) {
            tags.add("nightly");
        }
        if (i % 100 == 0) {
            tags.add("pinned");
        }
        record.putObject("labels").put("commit", commit(i)).put("env", i % 2 == 0 ? "staging" : "prod");
        Files.write(dir.resolve("run.json"), ResultsJson.MAPPER.writeValueAsBytes(record));

        ObjectNode s = ResultsJson.MAPPER.createObjectNode();
        s.put("run_id", id(i)).put("scenario", scenario).put("status", status)
                .put("started_at", Instant.ofEpochMilli(created + 200).toString())
                .put("ended_at", Instant.ofEpochMilli(created + 120_200).toString()).put("duration_s", 120.0)
                .put("success_rate", failed ? 91.0 : 99.5 + random.nextDouble() * 0.5);
        s.putObject("users").put("target", 50).put("started", 50).put("finished", 50);
        s.putObject("conversations").put("started", 1000).put("succeeded", 995).put("failed", 5);
        s.putObject("requests").put("count", 3000).put("errors", 5).put("rps", 25.0).put("error_rate", 0.17);
        s.putObject("latency_ms").put("p50", p95 / 2).put("p95", p95).put("p99", p95 * 1.4);
        s.putObject("ttft_ms").put("p50", p95 / 5).put("p95", p95 / 3);
        var steps = s.putArray("steps");
        for (String step : List.of("ask_refund", "ask_steps", "confirm")) {
            steps.addObject().put("name", step).put("kind", "send").put("count", 1000).put("errors", 2).put("success_rate", 99.8)
                    .putObject("latency_ms").put("p50", p95 / 2).put("p95", p95).put("p99", p95 * 1.4);
        }
        var nodes = s.putArray("nodes");
        for (String node : List.of("agent", "llm_call", "tool_call", "memory")) {
            nodes.addObject().put("name", node).put("count", 2000).put("errors", 1).put("success_rate", 99.9)
                    .putObject("latency_ms").put("p50", p95 / 4).put("p95", p95 / 2).put("p99", p95 / 1.5);
        }
        var checks = s.putArray("checks");
        for (Map.Entry<String, String> c : Map.of("ask_refund", "expect.intent", "ask_steps", "assert.tool_called",
                "confirm", "assert.response_contains").entrySet()) {
            checks.addObject().put("step", c.getKey()).put("check", c.getValue()).put("count", 1000).put("failures", failed ? 90 : 3)
                    .put("pass_rate", failed ? 91.0 : 99.7);
        }
        s.putObject("tokens").put("input", 300_000).put("output", 200_000).put("total", 500_000).put("per_conversation", 500.0);
        s.putObject("cost").put("model", "gpt").put("total", 2.0).put("per_conversation", 0.002).put("currency", "USD");
        var thresholds = s.putArray("thresholds");
        thresholds.addObject().put("metric", "p95_latency").put("expression", "p95_latency < 1s").put("actual", p95)
                .put("limit", 1000.0).put("passed", !failed);
        thresholds.addObject().put("metric", "success_rate").put("expression", "success_rate >= 99%").put("actual", 99.5)
                .put("limit", 99.0).put("passed", true);
        s.put("thresholds_passed", !failed);
        s.putArray("workers").addObject().put("worker_id", "w1").put("slice_id", "s0").put("users", 50);
        Files.write(dir.resolve("summary.json"), ResultsJson.MAPPER.writeValueAsBytes(s));
    }

    /** Writes {@code n} runs under {@code dataDir}. */
    static void write(Path dataDir, int n) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            write(dataDir, i, random);
        }
    }
}
