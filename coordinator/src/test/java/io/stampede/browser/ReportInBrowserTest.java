package io.stampede.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

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

        assertThat(summary).contains("success rate", "100.00%");
        assertThat(browser.driver().findElement(By.id("verdict")).getText()).contains("PASSED", "all 2 thresholds hold");
        assertThat(browser.driver().findElement(By.id("threshold-table")).getText()).contains("success_rate", "p95_latency");
        assertThat(browser.driver().findElement(By.id("meta")).getText()).contains(run.id());
    }

    @Test
    void clickingAStepOfTheDagShowsItsSampleEvents() {
        WebElement dag = browser.driver().findElement(By.id("dag-chart"));
        browser.js("arguments[0].scrollIntoView({block: 'center'});", dag);
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
    void aStickyTableOfContentsLeadsToEverySectionAndStaysInView() {
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1440, 900)); // a screen, not the whole page
        List<String> links = browser.js("return [...document.querySelectorAll('#toc a')].map(a => a.textContent);");
        assertThat(links).hasSizeGreaterThanOrEqualTo(15).contains("Summary", "Thresholds", "Response time distribution",
                "Latency heatmap", "Percentile distribution", "Scenario");
        // Every link leads to a section on show, none nested in another (a section left open hides all after it).
        List<String> unseen = browser.js("return [...document.querySelectorAll('#toc a')].map(a => document.querySelector(a.getAttribute('href')))"
                + ".filter(s => !s || s.getClientRects().length === 0 || s.parentElement.closest('section')).map(s => s ? s.id : 'missing');");
        assertThat(unseen).as("sections in the contents that are hidden, missing or nested").isEmpty();

        browser.driver().findElement(By.cssSelector("#toc a[href='#distribution']")).click();
        browser.waitFor("the link never scrolled to its section", Duration.ofSeconds(5),
                "Math.abs(document.getElementById('distribution').getBoundingClientRect().top) < 40 && window.scrollY > 0");
        assertThat((Object) browser.js("return Math.round(document.getElementById('toc').getBoundingClientRect().top);"))
                .as("the contents stay at the top of the window").isEqualTo(0L);
        browser.waitFor("the section being read is never marked", Duration.ofSeconds(5),
                "document.querySelector('#toc a.current') && document.querySelector('#toc a.current').getAttribute('href') === '#distribution'");
        browser.js("window.scrollTo(0, 0);");
    }

    @Test
    void theReportsChartsCarryTheirLimitsAndWallClockTime() {
        assertThat(browser.driver().findElement(By.id("threshold-table")).getText())
                .containsPattern("p95_latency < 5s\\s+[0-9.]+ m?s\\s+5(\\.00)? s").doesNotContain("p95_latency p95_latency");
        String tooltip = browser.js("return echarts.getInstanceByDom(document.getElementById('throughput-chart')).getOption()"
                + ".tooltip[0].formatter([{value: [1, 12], marker: '', seriesName: 'OK requests/s'}]);");
        assertThat(tooltip).containsPattern("1s</b> · \\d\\d:\\d\\d:\\d\\d");
        long bands = browser.js("return echarts.getInstanceByDom(document.getElementById('distribution-chart')).getOption().series[0].data"
                + ".reduce((a, b) => a + b, 0);");
        assertThat(bands).as("every step in the distribution").isEqualTo(run.summary().requests().count());
    }

    @Test
    void theReportTurnsDarkWithTheSystem() throws IOException {
        browser.colorScheme("dark");
        try {
            browser.waitFor("the report never turned dark", Duration.ofSeconds(5),
                    "getComputedStyle(document.body).backgroundColor === 'rgb(18, 24, 31)'"
                            + " && echarts.getInstanceByDom(document.getElementById('latency-chart')).__stampedeDark === true");
            Shot shot = Shot.read(browser.screenshot("report-dark", 1400), browser.js("return window.devicePixelRatio;"));
            assertThat(shot.inked(shot.area(browser.driver().findElement(By.id("latency-chart")).getRect())))
                    .as("the latency chart drawn again in the dark").isGreaterThan(500);
        } finally {
            browser.colorScheme("light");
        }
    }

    @Test
    void theFullPercentileDistributionIsListed() {
        String table = browser.driver().findElement(By.id("dist-table")).getText();

        assertThat(table).contains("percentile", "50.000%", "100.0000%");
    }

    @Test
    void aScreenshotOfTheReportIsKeptAndShowsTheRunsSummaryAndEveryChart() throws IOException {
        Shot shot = Shot.read(browser.screenshot("report", 1400), browser.js("return window.devicePixelRatio;"));
        long pageHeight = browser.js("return Math.ceil(document.documentElement.scrollHeight);");

        assertThat(shot.image().getWidth()).as("width").isEqualTo(shot.px(1400));
        assertThat(shot.image().getHeight()).as("height: the whole page").isEqualTo(shot.px(Math.min(pageHeight, 9000)));
        assertThat(shot.colours(shot.all())).as("colours in the picture: not a blank page").isGreaterThan(50);
        // What the picture shows is this run's page: its id in the header, its figures in the summary, drawn.
        WebElement summary = browser.driver().findElement(By.id("summary"));
        assertThat(browser.driver().findElement(By.id("meta")).getText()).contains(run.id());
        assertThat(summary.getText()).contains(String.valueOf(run.summary().requests().count()));
        assertThat(shot.inked(shot.area(summary.getRect()))).as("pixels drawn in the summary").isGreaterThan(2_000);
        // The trend section's small charts (a run with history) have a test of their own: TrendsInBrowserTest.
        List<List<Number>> charts = browser.js("return [...document.querySelectorAll('main section:not(#trend) canvas')].map(c => {"
                + " const r = c.getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.width, r.height]; });");
        assertThat(charts).as("charts on the page").hasSizeGreaterThanOrEqualTo(10).allSatisfy(chart -> {
            Rectangle area = shot.area(chart);
            assertThat(shot.inked(area)).as("pixels drawn in the chart at %s", area).isGreaterThan(500);
            assertThat(shot.coloured(area)).as("coloured pixels (series, boxes, legend; not grey axes) in the chart at %s", area)
                    .isGreaterThan(500);
        });
    }

    /** A screenshot read back, and what is drawn in its parts; CSS pixels times the device pixel ratio. */
    private record Shot(BufferedImage image, double ratio) {
        static Shot read(Path png, Number ratio) throws IOException {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as("%s decodes as an image", png).isNotNull();
            return new Shot(image, ratio.doubleValue());
        }

        int px(double cssPixels) {
            return (int) Math.round(cssPixels * ratio);
        }

        Rectangle all() {
            return new Rectangle(0, 0, image.getWidth(), image.getHeight());
        }

        Rectangle area(org.openqa.selenium.Rectangle r) {
            return area(List.of(r.getX(), r.getY(), r.getWidth(), r.getHeight()));
        }

        /** [x, y, width, height] in CSS pixels → the part of the image, cut to its bounds. */
        Rectangle area(List<Number> css) {
            Rectangle r = new Rectangle(px(css.get(0).doubleValue()), px(css.get(1).doubleValue()),
                    px(css.get(2).doubleValue()), px(css.get(3).doubleValue()));
            return r.intersection(all());
        }

        /** Pixels that differ from the area's most common colour (its background). */
        long inked(Rectangle area) {
            Map<Integer, Long> counts = counts(area, 0xFFFFFF);
            int background = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            long inked = 0;
            for (int y = area.y; y < area.y + area.height; y++) {
                for (int x = area.x; x < area.x + area.width; x++) {
                    if (distance(image.getRGB(x, y), background) > 24) {
                        inked++;
                    }
                }
            }
            return inked;
        }

        /** Pixels of a clear colour: a series, a box, a bar; not the greys of axes, grid and labels. */
        long coloured(Rectangle area) {
            long coloured = 0;
            for (int y = area.y; y < area.y + area.height; y++) {
                for (int x = area.x; x < area.x + area.width; x++) {
                    int rgb = image.getRGB(x, y);
                    int r = rgb >> 16 & 0xFF;
                    int g = rgb >> 8 & 0xFF;
                    int b = rgb & 0xFF;
                    if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                        coloured++;
                    }
                }
            }
            return coloured;
        }

        /** Colours of the area, 4 bits a channel (anti-aliasing shades count as their colour). */
        int colours(Rectangle area) {
            return counts(area, 0xF0F0F0).size();
        }

        private Map<Integer, Long> counts(Rectangle area, int mask) {
            Map<Integer, Long> counts = new HashMap<>();
            for (int y = area.y; y < area.y + area.height; y++) {
                for (int x = area.x; x < area.x + area.width; x++) {
                    counts.merge(image.getRGB(x, y) & mask, 1L, Long::sum);
                }
            }
            return counts;
        }

        private static int distance(int a, int b) {
            int d = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                d = Math.max(d, Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF)));
            }
            return d;
        }
    }
}
