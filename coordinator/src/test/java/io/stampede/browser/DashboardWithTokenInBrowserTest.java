package io.stampede.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.stampede.api.ApiOptions;
import io.stampede.run.Run;
import io.stampede.testkit.Browser;
import io.stampede.testkit.DashboardSession;
import io.stampede.testkit.SharedRuns;

/**
 * The dashboard of a coordinator whose reads need a token, as beyond loopback: the page asks for
 * the token once, keeps it for the tab, and every read works with it — the API, the live feed
 * (which a browser can only give it as ?access_token=) and the link to report.html.
 */
class DashboardWithTokenInBrowserTest {
    private static final String READ_TOKEN = "read-token-for-the-browser";
    static DashboardSession dashboard;
    static Browser browser;
    static String base;

    @BeforeAll
    static void start() {
        dashboard = DashboardSession.open(new ApiOptions().token("api-token-for-changes").readToken(READ_TOKEN).protectReads(true));
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
    void thePageAsksForTheReadTokenOnceAndEveryReadWorksWithIt() {
        Run run = SharedRuns.base();
        browser.open(base + "/#/runs");
        browser.waitFor("the page never asked for a token", Duration.ofSeconds(10), "document.getElementById('token-dialog').open");
        assertThat(browser.driver().findElement(By.id("token-why")).getText()).contains("needs a token to show its runs");
        browser.screenshot("dashboard-token", 1400);

        browser.driver().findElement(By.id("token-input")).sendKeys(READ_TOKEN);
        browser.driver().findElement(By.id("token-use")).click();
        browser.waitFor("the runs never showed", Duration.ofSeconds(10), "document.querySelector('[data-run=\"" + run.id() + "\"]')");

        browser.open(base + "/#/runs/" + run.id());
        browser.waitFor("the run page never showed its verdict", Duration.ofSeconds(15),
                "document.querySelector('#verdict-banner.verdict-passed') && document.querySelector('#dag-chart canvas')");
        assertThat((Object) browser.js("return document.getElementById('token-dialog').open;")).as("asked once").isEqualTo(false);
        String report = browser.js("return document.getElementById('report-link').href;");
        assertThat(report).contains("access_token=");
        long status = browser.js("return fetch(arguments[0]).then(r => r.status);", report);
        assertThat(status).as("report.html through its link").isEqualTo(200);
    }

    @Test
    void aTokenInThePagesAddressIsTakenAndRemovedFromIt() {
        Run run = SharedRuns.base();
        browser.open(base + "/");
        browser.js("sessionStorage.clear();");
        browser.open(base + "/?access_token=" + READ_TOKEN + "#/runs/" + run.id());

        browser.waitFor("the run never showed with the token of the address", Duration.ofSeconds(15),
                "document.querySelector('#verdict-banner.verdict-passed')");
        assertThat((Object) browser.js("return location.href;")).asString().doesNotContain("access_token").endsWith("#/runs/" + run.id());
        assertThat((Object) browser.js("return document.getElementById('token-dialog').open;")).isEqualTo(false);
    }
}
