package io.stampede.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultsJson;
import io.stampede.testkit.Http;
import io.stampede.testkit.SharedRuns;

class CompareRoutesTest {
    static Http http;

    @BeforeAll
    static void serve() {
        http = Http.serve(SharedRuns.cluster().vertx(), SharedRuns.cluster().coordinator(), new CompareRoutes()::addRoutes);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void aCandidateAgainstASlowerAgentIsFlaggedAsARegression() throws Exception {
        String base = SharedRuns.base().id();
        String slower = SharedRuns.slower().id();

        HttpResponse<String> response = http.get("/api/compare?base=" + base + "&candidate=" + slower);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode c = ResultsJson.MAPPER.readTree(response.body());
        assertThat(c.path("regressed").asBoolean()).isTrue();
        assertThat(c.path("base").path("run_id").asText()).isEqualTo(base);
        assertThat(c.path("lines").findValues("regression").stream().filter(JsonNode::asBoolean).count()).isPositive();
        assertThat(response.body()).contains("\"scope\":\"node\"", "\"metric\":\"p95\"");
    }

    @Test
    void aBaselineFromHistoryIsPickedFromTheRunIndex() throws Exception {
        String base = SharedRuns.base().id();
        String slower = SharedRuns.slower().id();
        awaitIndexed(slower);

        HttpResponse<String> response = http.get("/api/compare?baseline=median:5&candidate=" + slower);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode c = ResultsJson.MAPPER.readTree(response.body());
        String picked = c.path("base").path("run_id").asText();
        assertThat(picked).isNotEqualTo(slower).isLessThan(slower);
        assertThat(c.path("candidate").path("run_id").asText()).isEqualTo(slower);
        assertThat(c.path("baseline").asText()).startsWith("baseline " + picked + ": the median p95 of the")
                .endsWith("candidate " + slower);
        assertThat(base).isLessThanOrEqualTo(slower);

        HttpResponse<String> none = http.get("/api/compare?baseline=last:tag=never-used&candidate=" + slower);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("no baseline for " + slower);
        HttpResponse<String> bad = http.get("/api/compare?baseline=best&candidate=" + slower);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("is not a baseline");
        assertThat(http.get("/api/compare?baseline=last&base=" + base).statusCode()).isEqualTo(400);
    }

    /** A run's final row is written just after its end. */
    private static void awaitIndexed(String id) throws InterruptedException {
        var index = SharedRuns.cluster().coordinator().runs().index();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline
                && !index.get(id).map(r -> r.status().equals("done")).orElse(false)) {
            Thread.sleep(50);
        }
    }

    @Test
    void missingRunsAreA400AndUnknownOnesA404() {
        assertThat(http.get("/api/compare?base=" + SharedRuns.base().id()).statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = http.get("/api/compare?base=20990101-000000-aaaa&candidate=" + SharedRuns.base().id());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no run 20990101-000000-aaaa");
    }

    @Test
    void aPathIsNeverReadOnlyRunIds() {
        HttpResponse<String> response = http.get("/api/compare?base=..%2F..%2Fetc&candidate=" + SharedRuns.base().id());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("neither a results folder nor a run id");
    }

    @Test
    void aBadToleranceIsA400ThatSaysWhy() {
        HttpResponse<String> response = http.get("/api/compare?base=" + SharedRuns.base().id() + "&candidate="
                + SharedRuns.base().id() + "&tolerance=lots");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("tolerance must be a percentage like 10%");
    }
}
