package io.stampede.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.stampede.results.ResultFolder;
import io.stampede.run.Run;
import io.stampede.testkit.Browser;
import io.stampede.testkit.SharedRuns;

/**
 * report.html of a run with a simulated user and a judge shows their own figures apart from the
 * agent's, and the judge's sampled verdicts with their reasoning; a run without them shows none.
 */
class HelpersReportInBrowserTest {
    static Browser browser;
    static Run run;

    @BeforeAll
    static void openTheReport() {
        browser = Browser.open(true);
        run = SharedRuns.cluster().run("reports/helpers.yaml", Map.of("AGENT_URL", SharedRuns.fastAgent()));
        open(run);
    }

    private static void open(Run r) {
        browser.open(r.folder().resolve(ResultFolder.REPORT).toUri().toString());
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
    void theSimulatedUserAndTheJudgeHaveASectionOfTheirOwn() {
        Boolean hidden = browser.js("return document.getElementById('helpers').hidden;");
        assertThat(hidden).isFalse();
        String helpers = browser.js("return document.getElementById('helper-table').textContent;");

        assertThat(helpers).contains("simulated user", "demo-user", "judge", "demo-judge", "$");
        String verdicts = browser.js("return document.getElementById('judge-table').textContent;");
        assertThat(verdicts).contains("chat", "assert.judge", "pass", "of 1..5", ">= 4", "mentions 1 of 1 required terms",
                "the judge was asked", "Rubric: The reply names the \"退款\" steps.", "Reply to judge:");
    }

    @Test
    void aRunWithoutThemShowsNoSuchSection() {
        open(SharedRuns.base());

        Boolean hidden = browser.js("return document.getElementById('helpers').hidden;");
        assertThat(hidden).as("no helper section for a run without a simulated user or a judge").isTrue();
        open(run);
    }
}
