package io.stampede.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import io.stampede.api.ApiOptions;
import io.stampede.testkit.Browser;
import io.stampede.testkit.DashboardSession;
import io.stampede.testkit.RealCluster;
import io.stampede.testkit.SharedRuns;

/**
 * The dashboard in headless Chromium against a real coordinator, in-process worker and demo
 * agent, through the real HTTP API: a run launched from the page shows its progress, charts and
 * DAG updating, then lands in the history; two real runs compare with the injected regression flagged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardInBrowserTest {
    static DashboardSession dashboard;
    static Browser browser;
    static String base;
    static String runId;

    @BeforeAll
    static void start() {
        dashboard = DashboardSession.open(new ApiOptions());
        browser = dashboard.browser();
        base = dashboard.base();
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
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

        // Read in one go: the page redraws its banner and cards twice a second.
        assertThat((Object) browser.js("return document.getElementById('verdict-banner').innerText;")).asString().contains("RUNNING");
        assertThat(browser.inkedPixels("#throughput-chart")).allSatisfy(n -> assertThat(n).isGreaterThan(500));
        assertThat(browser.inkedPixels("#latency-chart")).allSatisfy(n -> assertThat(n).isGreaterThan(500));
        assertThat((Object) browser.js("return document.getElementById('card-users').innerText;")).asString().doesNotContain("–");
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
    void theFinishedRunsChartsSayWhatTheyShow() {
        // The thresholds table: each rule as written, its figure in its unit.
        String thresholds = browser.js("return document.getElementById('threshold-table').innerText;");
        assertThat(thresholds).contains("success_rate >= 99%", "p95_latency < 5s").doesNotContain("success_rate success_rate")
                .containsPattern("p95_latency < 5s\\s+[0-9.]+ m?s\\s+5(\\.00)? s");
        // Requests per second split OK / KO; the response-time distribution adds up to the heatmap.
        List<Object> legend = browser.js("return echarts.getInstanceByDom(document.getElementById('throughput-chart')).getOption()"
                + ".series.map(s => s.name);");
        assertThat(legend).containsExactly("OK requests/s", "KO requests/s", "active users");
        long distributed = browser.js("return echarts.getInstanceByDom(document.getElementById('distribution-chart')).getOption()"
                + ".series[0].data.reduce((a, b) => a + b, 0);");
        long inHeatmap = browser.js("return echarts.getInstanceByDom(document.getElementById('heatmap-chart')).getOption()"
                + ".series[0].data.reduce((a, c) => a + c[2], 0);");
        assertThat(distributed).isPositive().isEqualTo(inHeatmap);
        // The heatmap's scale is labelled, its axis named; node failures are marks, not a line across unrelated nodes.
        Map<String, Object> heat = browser.js("const o = echarts.getInstanceByDom(document.getElementById('heatmap-chart')).getOption();"
                + " return {text: o.visualMap[0].text, axis: o.yAxis[0].name};");
        assertThat((List<?>) heat.get("text")).anySatisfy(t -> assertThat((String) t).endsWith(" steps"));
        assertThat(heat.get("axis")).isEqualTo("latency band");
        assertThat((Object) browser.js("return echarts.getInstanceByDom(document.getElementById('node-chart')).getOption()"
                + ".series.find(s => s.name === 'failures').type;")).isEqualTo("scatter");
        // Colour is never the only signal: steps carry a symbol, heatmap cells their counts.
        assertThat((Object) browser.js("return echarts.getInstanceByDom(document.getElementById('dag-chart')).getOption()"
                + ".series[0].data.map(d => d.label.formatter.split('\\n')[0]).join(' ');")).asString()
                .contains("{name|✓ ask_refund}", "{name|✓ ask_steps}");
        assertThat((Object) browser.js("return echarts.getInstanceByDom(document.getElementById('heatmap-chart')).getOption()"
                + ".series[0].label.show;")).isEqualTo(true);
        // A limit far above the data is named in the corner instead of squashing the chart.
        assertThat((Object) browser.js("const g = echarts.getInstanceByDom(document.getElementById('latency-chart')).getOption().graphic;"
                + " return g && g[0] && g[0].elements[0].style.text;")).asString().contains("p95_latency < 5s (above the scale)");
        // Tooltips give the second and its wall-clock time.
        String tooltip = browser.js("const o = echarts.getInstanceByDom(document.getElementById('latency-chart')).getOption();"
                + " return o.tooltip[0].formatter([{value: [2, 123.4], marker: '', seriesName: 'p95'}]);");
        assertThat(tooltip).containsPattern("2s</b> · \\d\\d:\\d\\d:\\d\\d").contains("p95: <b>123 ms</b>");
    }

    @Test
    @Order(4)
    void aSecondWithoutRequestsIsAGapAndALimitWithinReachIsALine() {
        Map<String, Object> drawn = browser.js("const el = document.createElement('div'); el.style.width = '600px';"
                + " el.style.height = '300px'; document.body.appendChild(el);"
                + " const tl = {t: [0, 1, 2, 3], requests: [5, 0, 4, 6], errors: [0, 0, 0, 0], users: [1, 1, 1, 1],"
                + " p50: [10, 0, 12, 11], p95: [20, 0, 22, 21], p99: [30, 0, 32, 31], tokens: [0, 0, 0, 0], degraded: [0, 0, 0, 0]};"
                + " const o = StampedeViews.latencyChart(el, tl, null, [{value: 40, label: 'p95_latency < 40ms'}]).getOption();"
                + " const r = {p95: o.series[1].data.map(p => p[1]), limit: o.series[0].markLine.data[0].yAxis};"
                + " echarts.getInstanceByDom(el).dispose(); el.remove(); return r;");
        assertThat(drawn.get("p95")).asString().isEqualTo("[20, null, 22, 21]");
        assertThat(((Number) drawn.get("limit")).doubleValue()).isEqualTo(40.0);
    }

    @Test
    @Order(5)
    void chartsFollowTheirBoxAndTimeChartsZoomTogether() {
        browser.waitFor("the swimlanes never filled their box", Duration.ofSeconds(5),
                "echarts.getInstanceByDom(document.getElementById('lanes-chart')).getHeight() === document.getElementById('lanes-chart').clientHeight"
                        + " && document.getElementById('lanes-chart').clientHeight > 180");
        browser.js("document.getElementById('latency-chart').style.width = '300px';");
        browser.waitFor("the chart never followed its box", Duration.ofSeconds(5),
                "echarts.getInstanceByDom(document.getElementById('latency-chart')).getWidth() === 300");
        browser.js("document.getElementById('latency-chart').style.width = '';");

        browser.js("echarts.getInstanceByDom(document.getElementById('latency-chart')).dispatchAction({type: 'dataZoom', start: 50, end: 100});");
        browser.waitFor("the zoom did not reach the other time charts", Duration.ofSeconds(5),
                "echarts.getInstanceByDom(document.getElementById('throughput-chart')).getOption().dataZoom[0].start === 50");
        assertThat((Object) browser.js("return echarts.getInstanceByDom(document.getElementById('latency-chart')).getOption().dataZoom[0].start;"))
                .isEqualTo(50L);
    }

    @Test
    @Order(6)
    void theDarkThemeFollowsTheSystemsColourScheme() {
        browser.js("StampedeViews.setAnimation(false);"); // the picture shows the charts drawn, not half-way
        browser.colorScheme("dark");
        try {
            browser.waitFor("the page never turned dark", Duration.ofSeconds(5),
                    "getComputedStyle(document.body).backgroundColor === 'rgb(18, 24, 31)'");
            browser.waitFor("the charts never turned dark", Duration.ofSeconds(5),
                    "echarts.getInstanceByDom(document.getElementById('latency-chart')).__stampedeDark === true");
            browser.screenshot("dashboard-run-dark", 1400);
        } finally {
            browser.colorScheme("light");
        }
        browser.waitFor("the charts never turned light again", Duration.ofSeconds(5),
                "echarts.getInstanceByDom(document.getElementById('latency-chart')).__stampedeDark === false");
    }

    @Test
    @Order(7)
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
    @Order(8)
    void comparingTwoRealRunsFlagsTheInjectedRegressionVerdictFirstBothRunsOnTheSameCharts() {
        String fast = SharedRuns.base().id();
        String slow = SharedRuns.slower().id();

        browser.open(base + "/#/compare?base=" + fast + "&candidate=" + slow);
        browser.waitFor("the comparison never showed", Duration.ofSeconds(15), "document.querySelector('[data-regression]')");
        browser.waitFor("the overlays never showed", Duration.ofSeconds(10),
                "!document.getElementById('compare-charts').hidden && document.querySelector('#compare-latency canvas')");

        assertThat(browser.driver().findElement(By.id("compare-verdict")).getText()).containsPattern("✗\\s*FAILED\\s*\\d+ regressions? beyond tolerance");
        assertThat((Object) browser.js("return document.getElementById('verdict').compareDocumentPosition("
                + "document.getElementById('compare-table')) & Node.DOCUMENT_POSITION_FOLLOWING;")).as("the verdict comes first").isEqualTo(4L);
        String table = browser.driver().findElement(By.id("compare-table")).getText();
        // Which lines are significant is the statistical gate's call (a run's p95 of a few hundred
        // requests may not be); the centre of a five times slower agent always is.
        assertThat(table).containsPattern("run all (p50|distribution) .* regression")
                .containsPattern("node llm_call (p50|p95|p99|distribution) .* regression");
        List<Object> overlay = browser.js("return echarts.getInstanceByDom(document.getElementById('compare-latency')).getOption()"
                + ".series.map(s => s.name + ':' + s.data.filter(p => p[1] != null).length);");
        assertThat(overlay).hasSize(2).allSatisfy(n -> assertThat((String) n).matches("(base|candidate) p95:[1-9]\\d*"));
        assertThat(browser.inkedPixels("#compare-steps-box")).allSatisfy(n -> assertThat(n).isGreaterThan(500));
        browser.screenshot("dashboard-compare", 1400);

        browser.driver().findElement(By.id("swap")).click();
        browser.waitFor("swapping never compared the other way", Duration.ofSeconds(15),
                "location.hash === '#/compare?base=" + slow + "&candidate=" + fast + "'"
                        + " && document.getElementById('compare-verdict').textContent.includes('no regression')");
    }

    @Test
    @Order(9)
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
    @Order(10)
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
