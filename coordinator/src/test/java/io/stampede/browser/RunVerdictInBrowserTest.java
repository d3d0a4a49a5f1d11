package io.stampede.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.stampede.api.ApiOptions;
import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.testkit.Browser;
import io.stampede.testkit.DashboardSession;
import io.stampede.testkit.RealCluster;
import io.stampede.testkit.SharedRuns;

/**
 * One verdict everywhere, in the browser: the run page's header of a run that failed a threshold,
 * of one stopped before its end and of one that passed says so in words and colour, the runs list
 * says the same, and once a run is over its figures are the summary's. Screenshots of each header
 * go to target/screenshots (and the docs).
 */
class RunVerdictInBrowserTest {
    static DashboardSession dashboard;
    static Browser browser;
    static String base;

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

    /** An element's text, read in one go (the page redraws its parts twice a second). */
    private static String text(String selector) {
        return browser.js("return document.querySelector(arguments[0]).innerText;", selector);
    }

    private static String openRun(String id, String outcome) {
        browser.open(base + "/#/runs/" + id);
        browser.waitFor("the verdict never said " + outcome, Duration.ofSeconds(30),
                "document.querySelector('#verdict-banner.verdict-" + outcome + "')");
        return text("#verdict-banner");
    }

    @Test
    void aRunThatFailedAThresholdSaysWhichInRedAtTheTopOfItsPage() {
        Run run = SharedRuns.cluster().run("reports/failing.yaml", Map.of("AGENT_URL", SharedRuns.fastAgent()));

        String banner = openRun(run.id(), "failed");
        browser.screenshotOf("#run-header", "run-header-failed");

        assertThat(banner).contains("✗", "FAILED", "1 of 2 thresholds failed (success_rate 0% < 99%)");
        assertThat(text("#run-header")).doesNotContain("PASS");
        assertThat(text("#threshold-table"))
                .contains("✗ FAIL", "success_rate >= 99%", "0%", "✓ PASS", "p95_latency < 5s").doesNotContain("success_rate success_rate");
        assertThat(text("#card-requests .card-value").replace(",", ""))
                .as("the cards are the summary's figures").isEqualTo(String.valueOf(run.summary().requests().count()));
    }

    @Test
    void aRunStoppedBeforeItsEndSaysAbortedAndJudgesNothing() {
        Run run = SharedRuns.cluster().submit("reports/two-turns.yaml", Map.of("AGENT_URL", SharedRuns.fastAgent(), "DURATION", "30s",
                "USERS", "3"));
        openRun(run.id(), "running");
        browser.waitFor("the run never showed requests", Duration.ofSeconds(20),
                "parseInt(document.querySelector('#card-requests .card-value').textContent) > 0");
        browser.driver().findElement(By.id("stop")).click();
        browser.driver().switchTo().alert().accept();

        String banner = openRunAfterStop(run);
        browser.screenshotOf("#run-header", "run-header-aborted");

        assertThat(banner).contains("✗", "ABORTED", "aborted (stopped through the API): partial results, not judged");
        assertThat(text("#threshold-table")).contains("PASS (partial)").doesNotContain("✓ PASS");
        String notes = text("#run-notes");
        assertThat(notes).contains("stopped: stopped through the API");
        assertThat(notes.indexOf("stopped: stopped through the API")).as("the note is said once: " + notes)
                .isEqualTo(notes.lastIndexOf("stopped: stopped through the API"));
        assertThat(text("#progress-label")).contains("aborted in").doesNotContain("users active");
    }

    private static String openRunAfterStop(Run run) {
        browser.waitFor("the stopped run never said aborted", Duration.ofSeconds(30),
                "document.querySelector('#verdict-banner.verdict-aborted')");
        Summary summary = RealCluster.await(run.completion(), Duration.ofSeconds(30));
        browser.waitFor("the page never showed the summary's figures", Duration.ofSeconds(10),
                "document.querySelector('#card-requests .card-value').textContent.replace(/,/g, '') === '"
                        + summary.requests().count() + "'");
        return text("#verdict-banner");
    }

    @Test
    void aRunWhoseThresholdsHoldIsGreenAndTheRunsListSaysTheSame() {
        Run run = SharedRuns.base();

        String banner = openRun(run.id(), "passed");
        browser.screenshotOf("#run-header", "run-header-passed");

        assertThat(banner).contains("✓", "PASSED", "all 2 thresholds hold");
        browser.open(base + "/#/runs");
        browser.waitFor("the history never listed the run", Duration.ofSeconds(10), "document.querySelector('[data-run=\"" + run.id() + "\"]')");
        assertThat(text("[data-run='" + run.id() + "'] .pill")).isEqualTo("✓ passed");
        assertThat(text("[data-run='" + run.id() + "']")).contains("all 2 thresholds hold");
    }
}
