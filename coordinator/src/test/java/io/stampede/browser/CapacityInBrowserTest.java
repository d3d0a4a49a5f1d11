package io.stampede.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.dashboard.StandardRoutes;
import io.stampede.report.SearchReport;
import io.stampede.results.ResultsJson;
import io.stampede.testkit.Browser;
import io.stampede.testkit.RealCluster;

/**
 * A capacity search as people see it: its report.html opened from disk, and the dashboard's search
 * page, both drawing behaviour, latency, and tokens/s with cost per good conversation against load,
 * with the knee marked. The search is a real one, kept as its search.json: {@code stampede search
 * scenarios/capacity.yaml --goal "goodput >= 95%" --max-users 160 --level-duration 15s} against the
 * degrading demo agent.
 */
class CapacityInBrowserTest {
    static final String SEARCH = "search-20261205-213839-21cf";
    static final Path FIXTURE = Path.of("src/test/resources/search/data", SEARCH);

    @TempDir
    Path dir;

    @Test
    void theSearchReportDrawsTheCurvesWithTheKneeOffline() throws IOException {
        Path report = dir.resolve("report.html");
        Files.writeString(report, SearchReport.render(ResultsJson.MAPPER.readTree(FIXTURE.resolve("search.json").toFile())));
        try (Browser browser = Browser.open(true)) {
            browser.open(report.toUri().toString());
            browser.waitFor("the search report never finished drawing", Duration.ofSeconds(20),
                    "document.body.getAttribute('data-rendered') === 'true'");

            assertThat(browser.driver().findElement(By.id("answer-text")).getText())
                    .isEqualTo("holds 50 users at 98.9% goodput [96.8–99.6]; fails at 55");
            assertThat(browser.inkedPixels("main")).hasSize(3).allSatisfy(n -> assertThat(n).isGreaterThan(2000));
            assertThat(browser.driver().findElement(By.cssSelector("tr.row-knee")).getText()).startsWith("50 users").contains("knee");
            List<Object> kneeLines = browser.js("return echarts.getInstanceByDom(document.getElementById('quality-chart'))"
                    + ".getOption().series[0].markLine.data.map(d => d.xAxis);");
            assertThat(kneeLines).singleElement().satisfies(x -> assertThat(((Number) x).doubleValue()).isEqualTo(50.0));
            // Tokens/s flattened from 50 users while cost per good conversation rose: plotted per level, by load.
            List<Object> tokens = browser.js("return echarts.getInstanceByDom(document.getElementById('cost-chart'))"
                    + ".getOption().series[0].data.map(p => p[1]);");
            assertThat(tokens).map(v -> ((Number) v).doubleValue())
                    .containsExactly(431.122, 819.0, 1688.294, 2043.824, 2092.667, 2066.667, 2056.333);
            List<Object> cost = browser.js("return echarts.getInstanceByDom(document.getElementById('cost-chart'))"
                    + ".getOption().series[1].data.map(p => [p[0], p[1]]);");
            assertThat(cost).first().isEqualTo(List.of(10L, 0.001808));
            assertThat(cost).last().isEqualTo(List.of(80L, 0.00419));
            List<Object> costKnee = browser.js("return echarts.getInstanceByDom(document.getElementById('cost-chart'))"
                    + ".getOption().series[0].markLine.data.map(d => d.xAxis);");
            assertThat(costKnee).singleElement().satisfies(x -> assertThat(((Number) x).doubleValue()).isEqualTo(50.0));
            long fetched = browser.js("return performance.getEntriesByType('resource').length;");
            assertThat(fetched).as("resources the page tried to load").isZero();
            browser.screenshot("capacity-search", 1400);
        }
    }

    @Test
    void theDashboardShowsAPastSearchWithItsLevelsAndRuns() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data").resolve(SEARCH));
        Files.copy(FIXTURE.resolve("search.json"), data.resolve("search.json"));
        try (RealCluster cluster = RealCluster.start(dir.resolve("data"));
             Browser browser = Browser.open(false)) {
            HttpApi api = RealCluster.await(HttpApi.start(cluster.vertx(), cluster.coordinator(), StandardRoutes.addTo(new ApiOptions().port(0))));
            browser.open("http://127.0.0.1:" + api.port() + "/#/searches/" + SEARCH);
            browser.waitFor("the search page never drew its levels", Duration.ofSeconds(15),
                    "document.querySelectorAll('#run-table tbody tr').length === 7");

            assertThat(browser.driver().findElement(By.id("answer")).getText()).startsWith("holds 50 users");
            assertThat(browser.driver().findElement(By.id("run-table")).getText()).contains("stopped early: it clearly failed");
            assertThat(browser.inkedPixels("#quality-chart")).allSatisfy(n -> assertThat(n).isGreaterThan(2000));
            assertThat(browser.inkedPixels("#latency-chart")).allSatisfy(n -> assertThat(n).isGreaterThan(2000));
            assertThat(browser.inkedPixels("#cost-chart")).singleElement().satisfies(n -> assertThat(n).isGreaterThan(2000));
            browser.screenshot("dashboard-capacity-search", 1400);
            RealCluster.await(api.close());
        }
    }
}
