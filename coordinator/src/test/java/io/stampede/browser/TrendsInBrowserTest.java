package io.stampede.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.dashboard.StandardRoutes;
import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.run.RunIdentity;
import io.stampede.run.RunOverrides;
import io.stampede.scenario.ScenarioSource;
import io.stampede.testkit.Browser;
import io.stampede.testkit.RealCluster;

/**
 * History in headless Chromium against a real coordinator: four nightly runs (the last against a
 * slower agent) and one untagged run; the trend page draws each figure with its baseline band and a
 * click on a point opens that run; the runs list filters by tag and label; the launch form sends
 * tags and labels; the newest run's report.html, opened from disk offline, has its trend section.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrendsInBrowserTest {
    static final String SCENARIO = "report_two_turns";
    static RealCluster cluster;
    static HttpApi api;
    static Browser browser;
    static String base;
    static Path dataDir;
    static final List<String> nightly = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        browser = Browser.open(false);
        dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-runs")), "trends-");
        cluster = RealCluster.start(dataDir);
        String fast = cluster.startAgent(0.2);
        String slow = cluster.startAgent(0.6);
        for (String agent : List.of(fast, fast, fast, slow)) {
            nightly.add(run(agent, new RunIdentity(List.of("nightly"), Map.of("commit", "c" + nightly.size()), "test", "two-turns.yaml")));
        }
        run(fast, RunIdentity.NONE);
        api = RealCluster.await(HttpApi.start(cluster.vertx(), cluster.coordinator(), StandardRoutes.addTo(new ApiOptions().port(0))));
        base = "http://127.0.0.1:" + api.port();
    }

    private static String run(String agent, RunIdentity identity) {
        Map<String, String> env = new HashMap<>(Map.of("AGENT_URL", agent, "USERS", "4", "DURATION", "2s"));
        Run run = RealCluster.await(cluster.coordinator().runs().submit(new ScenarioSource(
                RealCluster.resource("reports/two-turns.yaml"), "two-turns.yaml", null, env, null), RunOverrides.NONE, identity));
        Summary summary = RealCluster.await(run.completion(), Duration.ofSeconds(60));
        assertThat(summary).as("run " + run.id() + " " + run.reason()).isNotNull();
        return run.id();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (api != null) {
            RealCluster.await(api.close());
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theTrendPageDrawsEachFigureWithItsBaselineBandAndAClickOpensTheRun() {
        browser.open(base + "/#/trends?scenario=" + SCENARIO + "&tag=nightly");
        browser.waitFor("the trend never drew", Duration.ofSeconds(15),
                "document.querySelectorAll('[data-trend]').length >= 4 && [...document.querySelectorAll('[data-trend]')]"
                        + ".every(e => e.getAttribute('data-chart-ready'))");

        List<Object> titles = browser.js("return [...document.querySelectorAll('[data-trend]')]"
                + ".map(e => echarts.getInstanceByDom(e).getOption().title[0].text);");
        assertThat(titles).contains("p95 latency", "conversation success rate", "tokens per conversation", "cost per conversation",
                "ask_refund expect.intent pass rate");
        List<Object> points = browser.js("return echarts.getInstanceByDom(document.querySelector('[data-trend=\"0\"]'))"
                + ".getOption().series[0].data.length;") instanceof Long n ? List.of(n) : List.of();
        assertThat(points).containsExactly(4L);
        Boolean banded = browser.js("return !!echarts.getInstanceByDom(document.querySelector('[data-trend=\"0\"]'))"
                + ".getOption().series[0].markArea.data.length;");
        assertThat(banded).isTrue();
        assertThat(browser.driver().findElement(By.id("trend-body")).getText()).contains("4 runs of " + SCENARIO)
                .contains("3 baseline runs (median:5)");
        assertThat(browser.inkedPixels("[data-trend=\"0\"]")).allSatisfy(px -> assertThat(px).isGreaterThan(1000));
        assertThat(browser.driver().findElement(By.id("trend-compare")).getAttribute("href")).endsWith("&candidate="
                + nightly.get(3));
        browser.js("return new Promise(r => setTimeout(r, 1500));"); // the charts' entry animation
        browser.screenshot("dashboard-trends", 1400);

        // A real click on the second point of the p95 chart opens that run.
        WebElement chart = browser.driver().findElement(By.cssSelector("[data-trend='0']"));
        List<Number> xy = browser.js("const c = echarts.getInstanceByDom(arguments[0]);"
                + " const v = c.getOption().series[0].data[1]; return c.convertToPixel({seriesIndex: 0}, [1, v]);", chart);
        new Actions(browser.driver()).moveToElement(chart, (int) Math.round(xy.get(0).doubleValue() - chart.getSize().width / 2.0),
                (int) Math.round(xy.get(1).doubleValue() - chart.getSize().height / 2.0)).click().perform();
        browser.waitFor("a click on a point never opened its run", Duration.ofSeconds(5),
                "location.hash === '#/runs/" + nightly.get(1) + "'");
    }

    @Test
    @Order(2)
    void theRunsListFiltersByTagAndLabel() {
        browser.open(base + "/#/runs?tag=nightly");
        browser.waitFor("the filtered list never showed", Duration.ofSeconds(10),
                "document.querySelectorAll('[data-run]').length === 4");
        List<Object> shown = browser.js("return [...document.querySelectorAll('[data-run]')].map(r => r.dataset.run);");
        assertThat(shown).containsExactlyInAnyOrderElementsOf(nightly);
        assertThat(browser.driver().findElement(By.cssSelector("[data-run='" + nightly.get(2) + "']")).getText())
                .contains("#nightly", "commit=c2");

        browser.js("const s = document.getElementById('label-filter'); s.value = 'commit=c1'; s.dispatchEvent(new Event('change'));");
        browser.waitFor("the label filter never applied", Duration.ofSeconds(10),
                "document.querySelectorAll('[data-run]').length === 1");
        assertThat((String) browser.js("return document.querySelector('[data-run]').dataset.run;")).isEqualTo(nightly.get(1));
        assertThat((String) browser.js("return location.hash;")).contains("tag=nightly").contains("label=commit%3Dc1");
    }

    @Test
    @Order(4)
    void theLaunchFormSendsTagsAndLabels() {
        String scenario = RealCluster.resource("reports/two-turns.yaml").replace("${AGENT_URL}", cluster.startAgent(0.2))
                .replace("${USERS:-6}", "2").replace("${DURATION:-4s}", "1s");
        browser.open(base + "/#/launch");
        browser.waitFor("the launch page never showed", Duration.ofSeconds(10), "document.getElementById('tags')");
        browser.js("const t = document.getElementById('yaml'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));", scenario);
        browser.driver().findElement(By.id("tags")).sendKeys("launched, pinned");
        browser.driver().findElement(By.id("labels")).sendKeys("commit=abc123 env=staging");
        browser.driver().findElement(By.id("start")).click();
        browser.waitFor("the page never went to the new run", Duration.ofSeconds(10), "location.hash.startsWith('#/runs/2')");
        String id = browser.js("return decodeURIComponent(location.hash.slice('#/runs/'.length));");

        Run run = cluster.coordinator().runs().get(id).orElseThrow();
        assertThat(run.identity().tags()).containsExactly("launched", "pinned");
        assertThat(run.identity().labels()).isEqualTo(Map.of("commit", "abc123", "env", "staging"));
        assertThat(run.identity().submittedBy()).isEqualTo("dashboard from 127.0.0.1");
        RealCluster.await(run.completion(), Duration.ofSeconds(30));
    }

    @Test
    @Order(3)
    void theNewestRunsReportShowsItsTrendOfflineFromDisk() {
        Path report = dataDir.resolve(nightly.get(3)).resolve("report.html");
        try (Browser offline = Browser.open(true)) {
            offline.open(report.toUri().toString());
            offline.waitFor("the report never rendered", Duration.ofSeconds(20),
                    "document.body.getAttribute('data-rendered') === 'true'");
            offline.waitFor("the trend section never showed", Duration.ofSeconds(10),
                    "!document.getElementById('trend').hidden && document.querySelectorAll('#trend [data-trend]').length >= 4");
            assertThat(offline.driver().findElement(By.id("trend")).getText()).contains("4 runs of " + SCENARIO);
            assertThat(offline.inkedPixels("#trend [data-trend=\"0\"]")).allSatisfy(px -> assertThat(px).isGreaterThan(1000));
            offline.js("document.getElementById('trend').scrollIntoView();");
            offline.screenshot("report-trend", 1400);
        }
        assertThat(dataDir.resolve(nightly.get(0)).resolve("trend.json")).doesNotExist();
    }

}
