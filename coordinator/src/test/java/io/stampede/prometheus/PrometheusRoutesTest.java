package io.stampede.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.stampede.run.Run;
import io.stampede.testkit.Http;
import io.stampede.testkit.RealCluster;
import io.stampede.testkit.SharedRuns;

class PrometheusRoutesTest {
    static Http http;

    @BeforeAll
    static void serve() {
        http = Http.serve(SharedRuns.cluster().vertx(), SharedRuns.cluster().coordinator(), new PrometheusRoutes()::addRoutes);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void aLiveRunShowsItsUsersLatencyAndCountersThenTheTotalsStay() {
        Run run = SharedRuns.cluster().submit("reports/two-turns.yaml", Map.of("AGENT_URL", SharedRuns.fastAgent(), "DURATION", "3s"));
        String runTags = "run_id=\"" + run.id() + "\",scenario=\"report_two_turns\"";

        String live = scrapeUntil(text -> value(text, "stampede_run_users_active\\{" + Pattern.quote(runTags) + "\\}") > 0
                && text.contains("stampede_latency_last_second_p95_seconds{kind=\"step\""), Duration.ofSeconds(15));
        assertThat(value(live, "stampede_run_users_target\\{" + Pattern.quote(runTags) + "\\}")).isEqualTo(6.0);
        assertThat(live).contains("stampede_latency_last_second_p50_seconds{kind=\"step\"", "stampede_latency_last_second_p99_seconds{",
                "run_id=\"" + run.id() + "\"");
        assertThat(live).as("a gauge has no quantile label").doesNotContain("quantile=");

        RealCluster.await(run.completion(), Duration.ofSeconds(30));
        String after = scrapeUntil(text -> value(text, "stampede_requests_total\\{scenario=\"report_two_turns\"\\}") > 0
                && value(text, "stampede_cost_usd_total\\{scenario=\"report_two_turns\"\\}") > 0, Duration.ofSeconds(10));
        assertThat(value(after, "stampede_latency_seconds_count\\{kind=\"step\",name=\"ask_refund\",scenario=\"report_two_turns\"\\}"))
                .isPositive();
        assertThat(value(after, "stampede_tokens_total\\{direction=\"input\",scenario=\"report_two_turns\"\\}")).isPositive();
        assertThat(value(after, "stampede_tokens_total\\{direction=\"output\",scenario=\"report_two_turns\"\\}")).isPositive();
    }

    @Test
    void errorCountersExistAtZeroOnAHealthyRunSoTheErrorRatioHasData() {
        Run run = SharedRuns.cluster().submit("reports/two-turns.yaml", Map.of("AGENT_URL", SharedRuns.fastAgent(), "DURATION", "2s",
                "USERS", "2"));
        String text = scrapeUntil(t -> t.contains("run_id=\"" + run.id() + "\""), Duration.ofSeconds(15));

        assertThat(value(text, "stampede_request_errors_total\\{scenario=\"report_two_turns\"\\}")).isZero();
        assertThat(value(text, "stampede_conversations_total\\{outcome=\"failed\",scenario=\"report_two_turns\"\\}")).isZero();
        assertThat(value(text, "stampede_requests_total\\{scenario=\"report_two_turns\"\\}")).isGreaterThanOrEqualTo(0);
        assertThat(value(text, "stampede_conversations_good_total\\{scenario=\"report_two_turns\"\\}")).as("there from the start")
                .isGreaterThanOrEqualTo(0);
        RealCluster.await(run.completion(), Duration.ofSeconds(30));
    }

    @Test
    void valuesHaveNoFloatNoise() {
        SharedRuns.base();
        Run run = SharedRuns.cluster().submit("reports/two-turns.yaml", Map.of("AGENT_URL", SharedRuns.fastAgent(), "DURATION", "3s"));
        String live = scrapeUntil(text -> text.contains("stampede_latency_last_second_p95_seconds{kind=\"node\""), Duration.ofSeconds(15));
        RealCluster.await(run.completion(), Duration.ofSeconds(30));

        List<String> noisy = live.lines().filter(l -> l.startsWith("stampede_"))
                .filter(l -> Pattern.compile(" -?\\d+\\.\\d{10,}(E-?\\d+)?$").matcher(l).find()).toList();
        assertThat(noisy).as("samples with float noise").isEmpty();
    }

    @Test
    void clusterAndJvmHealthAreExposed() {
        String text = scrapeUntil(t -> t.contains("stampede_worker_heartbeat_age_seconds{worker=\"test-worker\"}"), Duration.ofSeconds(10));

        assertThat(value(text, "stampede_workers_up")).isEqualTo(1.0);
        assertThat(value(text, "stampede_worker_heartbeat_age_seconds\\{worker=\"test-worker\"\\}")).isLessThan(3.0);
        assertThat(text).contains("# TYPE jvm_memory_used_bytes gauge", "process_uptime_seconds", "stampede_worker_up{worker=\"test-worker\"} 1.0");
        assertThat(text).contains("stampede_otlp_spans_total{outcome=\"matched\"}", "stampede_otlp_spans_total{outcome=\"unknown\"}",
                "stampede_otlp_spans_total{outcome=\"late\"}");
    }

    @Test
    void theBodyIsPrometheusText() {
        HttpResponse<String> response = http.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    }

    private static String scrapeUntil(java.util.function.Predicate<String> ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = http.get("/metrics").body();
            if (ready.test(text)) {
                return text;
            }
            sleep(250);
        }
        throw new AssertionError("metrics never became ready within " + timeout + ":\n" + text);
    }

    /** The value of the first sample whose name and labels match {@code series} (a regex), or -1. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + series + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
