package io.stampede.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultFolder;
import io.stampede.results.ResultsJson;
import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.testkit.SharedRuns;

class ReportGeneratorTest {
    @TempDir
    Path tmp;

    @Test
    void everyRunEndsWithAReportNextToItsSummary() {
        Run run = SharedRuns.base();

        assertThat(run.folder().resolve(ResultFolder.REPORT)).isRegularFile();
        assertThat(run.folder().resolve(ResultFolder.SUMMARY)).isRegularFile();
    }

    @Test
    void theReportInlinesItsChartsAndForbidsEveryFetch() throws Exception {
        String html = Files.readString(SharedRuns.base().folder().resolve(ResultFolder.REPORT));

        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(html).contains("echarts").contains("StampedeViews");
        assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContainPattern("<link[^>]+href=")
                .doesNotContain("{{");
    }

    @Test
    void theLatencyLogMergedBackGivesTheSummaryPercentiles() throws Exception {
        Run run = SharedRuns.base();
        RunFiles files = RunFiles.read(run.folder());

        LatencyHistory history = LatencyHistory.read(files.latencyLog(), files.startMs(), 1);

        Histogram all = history.total(LatencyHistory.ALL_STEPS);
        Summary summary = files.summary();
        assertThat(all.getTotalCount()).isEqualTo(summary.latencyMs().count());
        assertThat(all.getValueAtPercentile(95) / 1000.0).isCloseTo(summary.latencyMs().p95(), within(0.001));
        assertThat(history.keys()).contains("step:ask_refund", "step:ask_steps", "node:llm_call");
    }

    @Test
    void theDataCoversEveryViewOfTheRun() throws Exception {
        JsonNode data = data(Files.readString(SharedRuns.base().folder().resolve(ResultFolder.REPORT)));

        assertThat(data.path("summary").path("scenario").asText()).isEqualTo("report_two_turns");
        assertThat(data.path("timeline").path("requests").size()).isPositive();
        assertThat(data.path("series").path("all steps").path("p95").size()).isPositive();
        assertThat(data.path("heatmap").path("cells").size()).isPositive();
        assertThat(data.path("lanes").size()).isBetween(1, EventDigest.LANES);
        assertThat(data.path("step_samples").has("ask_refund")).isTrue();
        JsonNode distribution = data.path("distributions").get(0);
        assertThat(distribution.path("key").asText()).isEqualTo("all steps");
        JsonNode lastRow = distribution.path("rows").get(distribution.path("rows").size() - 1);
        assertThat(lastRow.get(0).asDouble()).isEqualTo(100.0);
        assertThat(lastRow.get(2).asLong()).isEqualTo(data.path("summary").path("latency_ms").path("count").asLong());
    }

    @Test
    void theReportIsRebuiltFromTheFolderAloneAnywhere() throws Exception {
        Path copy = tmp.resolve("copied-run");
        Files.createDirectories(copy);
        for (String name : List.of("summary.json", "timeseries.csv", "events.jsonl", "latency.hlog", "scenario.yaml", "trend.json")) {
            if (Files.exists(SharedRuns.base().folder().resolve(name))) { // trend.json: only a run with history has one
                Files.copy(SharedRuns.base().folder().resolve(name), copy.resolve(name));
            }
        }

        Path report = ReportGenerator.write(copy);

        JsonNode original = data(Files.readString(SharedRuns.base().folder().resolve(ResultFolder.REPORT)));
        JsonNode rebuilt = data(Files.readString(report));
        ((com.fasterxml.jackson.databind.node.ObjectNode) original).remove("generated_at");
        ((com.fasterxml.jackson.databind.node.ObjectNode) rebuilt).remove("generated_at");
        assertThat(rebuilt).isEqualTo(original);
    }

    @Test
    void aFolderWithoutSummaryIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ReportGenerator.write(tmp))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no summary.json: not a finished run's result folder");
    }

    @Test
    void textInTheDataCannotCloseTheScriptElement() throws Exception {
        String json = ReportGenerator.json(Map.of("reason", "</script><script>alert(1)</script>", "line", "a\u2028b"));

        assertThat(json).doesNotContain("<").doesNotContain("\u2028");
        assertThat(ResultsJson.MAPPER.readTree(json).path("reason").asText()).isEqualTo("</script><script>alert(1)</script>");
    }

    @Test
    void placeholdersAreFilledOnceSoInsertedTextIsNeverRescanned() {
        String page = ReportGenerator.fill("<a>{{x}}</a><b>{{y}}</b>", Map.of("x", "{{y}}", "y", "2"));

        assertThat(page).isEqualTo("<a>{{y}}</a><b>2</b>");
        assertThatThrownBy(() -> ReportGenerator.fill("{{nope}}", Map.of())).hasMessageContaining("{{nope}}");
    }

    @Test
    void heatmapBandsFollowTheR10SeriesAcrossTheMeasuredRange() {
        assertThat(ReportModel.bands(310, 1190)).containsExactly(315.0, 400.0, 500.0, 630.0, 800.0, 1000.0, 1250.0);
        assertThat(ReportModel.bands(0.5, 0.5)).containsExactly(0.5);
        assertThat(ReportModel.label(1250)).isEqualTo("≤ 1.25 s");
        assertThat(ReportModel.label(2.5)).isEqualTo("≤ 2.5 ms");
    }

    static JsonNode data(String html) throws Exception {
        Matcher m = Pattern.compile("<script id=\"stampede-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("the page has its data").isTrue();
        return ResultsJson.MAPPER.readTree(m.group(1));
    }
}
