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
