package io.stampede.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.dashboard.StandardRoutes;
import io.stampede.testkit.Browser;
import io.stampede.testkit.RealCluster;
import io.stampede.testkit.SharedRuns;

/**
 * The dashboard in headless Chromium against a real coordinator, in-process worker and demo
 * agent, through the real HTTP API: a run launched from the page shows its progress, charts and
 * DAG updating, then lands in the history; two real runs compare with the injected regression flagged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardInBrowserTest {
    static HttpApi api;
    static Browser browser;
    static String base;
    static String runId;

    @BeforeAll
    static void start() {
        browser = Browser.open(false);
        RealCluster cluster = SharedRuns.cluster();
        api = RealCluster.await(HttpApi.start(cluster.vertx(), cluster.coordinator(), StandardRoutes.addTo(new ApiOptions().port(0))));
        base = "http://127.0.0.1:" + api.port();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (api != null) {
            RealCluster.await(api.close());
        }
    }

    @Test
    @Order(1)
    void aRunLaunchedFromThePageShowsProgressChartsAndTheDagUpdating() {
        String scenario = RealCluster.resource("reports/two-turns.yaml")
                .replace("${AGENT_URL}", SharedRuns.fastAgent()).replace("${USERS:-6}", "8").replace("${DURATION:-4s}", "8s");
        browser.open(base + "/#/launch");
        browser.waitFor("the launch page never showed", Duration.ofSeconds(10), "document.getElementById('yaml')");
        browser.js("const t = document.getElementById('yaml'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));", scenario);
        browser.driver().findElement(By.id("validate")).click();
        browser.waitFor("the scenario never validated", Duration.ofSeconds(10), "document.getElementById('valid')");
        browser.driver().findElement(By.id("start")).click();

        browser.waitFor("the page never went to the new run", Duration.ofSeconds(10), "location.hash.startsWith('#/runs/2')");
        runId = browser.js("return decodeURIComponent(location.hash.slice('#/runs/'.length));");
        browser.waitFor("the run never showed progress", Duration.ofSeconds(15),
                "parseFloat(document.getElementById('progress-bar').style.width) > 5");
        browser.waitFor("the DAG never showed both steps", Duration.ofSeconds(10),
                "echarts.getInstanceByDom(document.getElementById('dag-chart')).getOption().series[0].data.length === 2");
        double before = progress();
        long requestsBefore = requests();
        browser.waitUntil("progress and requests never moved", Duration.ofSeconds(10), d -> progress() > before && requests() > requestsBefore);

        assertThat(browser.driver().findElement(By.id("verdict-banner")).getText()).contains("RUNNING");
        assertThat(browser.inkedPixels("#throughput-chart")).allSatisfy(n -> assertThat(n).isGreaterThan(500));
        assertThat(browser.inkedPixels("#latency-chart")).allSatisfy(n -> assertThat(n).isGreaterThan(500));
        assertThat(browser.driver().findElement(By.id("card-users")).getText()).doesNotContain("–");
        browser.waitUntil("the run never got past half way", Duration.ofSeconds(15), d -> progress() >= 60);
        browser.screenshot("dashboard-live-run", 1400);
    }

    @Test
    @Order(2)
    void theFinishedRunShowsItsSummaryThresholdsAndReport() {
        browser.waitFor("the run never finished", Duration.ofSeconds(30),
                "document.getElementById('verdict-banner').classList.contains('verdict-passed')");
        browser.waitFor("the summary never showed", Duration.ofSeconds(10), "!document.getElementById('summary-section').hidden");

        assertThat(browser.driver().findElement(By.id("threshold-table")).getText()).contains("PASS", "success_rate");
        assertThat(browser.driver().findElement(By.id("progress-label")).getText()).startsWith("100.0%");
        assertThat(browser.driver().findElement(By.id("stop")).isDisplayed()).isFalse();
        browser.waitFor("no report link", Duration.ofSeconds(10), "!document.getElementById('report-link').hidden");
        browser.screenshot("dashboard-run", 1400);
    }

    @Test
    @Order(3)
    void theHistoryListsTheRunAndFiltersByScenario() {
        browser.open(base + "/#/runs");
        browser.waitFor("the history never listed the run", Duration.ofSeconds(10),
                "document.querySelector('[data-run=\"" + runId + "\"]')");

        String row = browser.driver().findElement(By.cssSelector("[data-run='" + runId + "']")).getText();
        assertThat(row).contains("✓ passed", "all 2 thresholds hold", "report_two_turns", "100.00%");
        browser.js("const s = document.getElementById('scenario-filter'); s.value = 'report_two_turns'; s.dispatchEvent(new Event('change'));");
        List<Object> scenarios = browser.js("return [...document.querySelectorAll('[data-run]')].map(r => r.children[2].textContent);");
        assertThat(scenarios).isNotEmpty().allSatisfy(s -> assertThat(s).isEqualTo("report_two_turns"));
        browser.screenshot("dashboard-runs", 1400);

        browser.driver().findElement(By.cssSelector("[data-run='" + runId + "'] td:nth-child(3)")).click();
        browser.waitFor("clicking a run never opened it", Duration.ofSeconds(5), "location.hash === '#/runs/" + runId + "'");
    }

    @Test
    @Order(4)
    void comparingTwoRealRunsFlagsTheInjectedRegression() {
        String fast = SharedRuns.base().id();
        String slow = SharedRuns.slower().id();

        browser.open(base + "/#/compare?base=" + fast + "&candidate=" + slow);
        browser.waitFor("the comparison never showed", Duration.ofSeconds(15), "document.querySelector('[data-regression]')");

        assertThat(browser.driver().findElement(By.id("verdict")).getText()).containsPattern("\\d+ regressions?");
        String table = browser.driver().findElement(By.id("compare-table")).getText();
        assertThat(table).containsPattern("run all p95 .* regression").containsPattern("node llm_call p95 .* regression");
        browser.screenshot("dashboard-compare", 1400);
    }

    @Test
    @Order(5)
    void anInvalidScenarioShowsEachErrorAtItsLine() {
        browser.open(base + "/#/launch");
        browser.waitFor("the launch page never showed", Duration.ofSeconds(10), "document.getElementById('yaml')");
        browser.js("const t = document.getElementById('yaml'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));",
                RealCluster.resource("reports/invalid.yaml"));
        browser.driver().findElement(By.id("validate")).click();
        browser.waitFor("no errors were shown", Duration.ofSeconds(10), "document.querySelectorAll('#errors li').length >= 2");

        String errors = browser.driver().findElement(By.id("errors")).getText();
        assertThat(errors).contains("line 6:").contains("line 10:");
        List<Object> marked = browser.js("return [...document.querySelectorAll('#gutter .error')].map(e => e.textContent);");
        assertThat(marked).contains((Object) "6", "10");
        browser.screenshot("dashboard-launch-errors", 1400);
    }

    @Test
    @Order(6)
    void theWorkersPanelShowsTheWorkerUp() {
        browser.open(base + "/#/workers");
        browser.waitFor("the worker never showed", Duration.ofSeconds(10),
                "document.getElementById('workers-table').textContent.includes('test-worker')");

        assertThat(browser.driver().findElement(By.id("workers-table")).getText()).contains("test-worker", "up");
        browser.screenshot("dashboard-workers", 1400);
    }

    private static double progress() {
        Object width = browser.js("return parseFloat(document.getElementById('progress-bar').style.width) || 0;");
        return ((Number) width).doubleValue();
    }

    private static long requests() {
        Object n = browser.js("return parseInt(document.getElementById('card-requests').querySelector('.card-value')"
                + ".textContent.replace(/,/g, '')) || 0;");
        return ((Number) n).longValue();
    }
}
