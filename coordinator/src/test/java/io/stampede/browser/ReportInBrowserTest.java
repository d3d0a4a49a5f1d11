package io.stampede.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.stampede.results.ResultFolder;
import io.stampede.run.Run;
import io.stampede.testkit.Browser;
import io.stampede.testkit.SharedRuns;

/** report.html of a real run, opened from disk in headless Chromium with every network request going nowhere. */
class ReportInBrowserTest {
    static Browser browser;
    static Run run;

    @BeforeAll
    static void openTheReport() {
        browser = Browser.open(true);
        run = SharedRuns.base();
        browser.open(run.folder().resolve(ResultFolder.REPORT).toUri().toString());
        browser.waitFor("the report never finished drawing", Duration.ofSeconds(20),
                "document.body.getAttribute('data-rendered') === 'true'");
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyChartIsDrawnWithNothingFetched() {
        List<Long> inked = browser.inkedPixels("main");

        assertThat(inked).hasSizeGreaterThanOrEqualTo(10).allSatisfy(n -> assertThat(n).as("pixels drawn").isGreaterThan(500));
        long fetched = browser.js("return performance.getEntriesByType('resource').length;");
        assertThat(fetched).as("resources the page tried to load").isZero();
        assertThat(browser.driver().getCurrentUrl()).startsWith("file:");
    }

    @Test
    void summaryAndThresholdVerdictComeFromTheRun() {
        String summary = browser.driver().findElement(By.id("summary")).getText();

        assertThat(summary).contains("thresholds", "PASS", "success rate", "100.00%");
        assertThat(browser.driver().findElement(By.id("threshold-table")).getText()).contains("success_rate", "p95_latency");
        assertThat(browser.driver().findElement(By.id("meta")).getText()).contains(run.id());
    }

    @Test
    void clickingAStepOfTheDagShowsItsSampleEvents() {
        WebElement dag = browser.driver().findElement(By.id("dag-chart"));
        // The second step's box: the chart lays steps on one row at even spacing.
        long x = browser.js("const c = echarts.getInstanceByDom(arguments[0]);"
                + " return Math.round(c.convertToPixel({seriesIndex: 0}, [1, 0])[0]);", dag);
        new org.openqa.selenium.interactions.Actions(browser.driver())
                .moveToElement(dag, (int) x - dag.getRect().getWidth() / 2, 0).click().perform();

        browser.waitFor("the step detail never showed ask_steps", Duration.ofSeconds(5),
                "document.getElementById('step-detail').textContent.includes('ask_steps')");
        assertThat(browser.driver().findElement(By.id("step-detail")).getText()).containsIgnoringCase("sample events").contains("user");
    }

    @Test
    void theFullPercentileDistributionIsListed() {
        String table = browser.driver().findElement(By.id("dist-table")).getText();

        assertThat(table).contains("percentile", "50.000%", "100.0000%");
    }

    @Test
    void aScreenshotOfTheReportIsKept() {
        assertThat(browser.screenshot("report", 1400)).isRegularFile();
    }
}
