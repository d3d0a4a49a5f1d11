package io.stampede.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultFolder;
import io.stampede.results.ResultsJson;

/**
 * Writes a run's {@code report.html}: one self-contained page (ECharts, the views, the styles and
 * the data all inlined) that opens from disk with no network. It reads only the run's folder
 * (summary.json, timeseries.csv, latency.hlog, events.jsonl, and trend.json when the run has
 * history), so {@code stampede report RUN_DIR}
 * regenerates the same page at any time, on any machine.
 *
 * <p>The page declares a Content-Security-Policy that forbids every fetch ({@code default-src 'none'}):
 * offline is a property of the file, not a hope. Blocking IO: never call on an event loop.
 */
public final class ReportGenerator {
    public static final String GENERATOR = "stampede 0.1.0";

    private ReportGenerator() {
    }

    /** Builds the page of the run in {@code runDir} and writes it there as report.html; returns its path. */
    public static Path write(Path runDir) throws IOException {
        Path record = runDir.resolve(ResultFolder.RUN_RECORD);
        String html = !Files.isRegularFile(runDir.resolve(ResultFolder.SUMMARY)) && Files.isRegularFile(record)
                ? withoutFigures(ResultsJson.MAPPER.readTree(record.toFile()))
                : render(RunFiles.read(runDir));
        Path target = runDir.resolve(ResultFolder.REPORT);
        Path tmp = runDir.resolve(ResultFolder.REPORT + ".tmp");
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /**
     * The page of a run that ended before anything was summed up (its coordinator died in its first
     * seconds, before a checkpoint): what its record says, and that no figure was kept — so every
     * run folder has a report, and nobody reads an empty chart as "no errors".
     */
    static String withoutFigures(JsonNode run) {
        String id = run.path("id").asText("?");
        String scenario = run.path("scenario").asText("?");
        String status = run.path("status").asText("?");
        String reason = run.path("reason").isTextual() ? run.path("reason").asText() : "not known";
        String started = run.path("started_at").isNumber() ? Instant.ofEpochMilli(run.path("started_at").asLong()).toString()
                : "never started";
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                + "<title>" + escapeHtml("Stampede report · " + scenario + " · " + id) + "</title>"
                + "<style>body{font:15px system-ui,sans-serif;margin:40px;max-width:760px}code{background:#eee;padding:1px 4px}</style>"
                + "</head><body><h1>" + escapeHtml(scenario) + "</h1>"
                + "<p>run <code>" + escapeHtml(id) + "</code> · started " + escapeHtml(started) + " · <strong>"
                + escapeHtml(status.toUpperCase(Locale.ROOT)) + "</strong>: " + escapeHtml(reason) + "</p>"
                + "<p><strong>No figures were kept:</strong> the run ended before its first checkpoint (the coordinator"
                + " writes one every few seconds), so there is no summary to show — not a run without errors. What the"
                + " folder holds (scenario.yaml, events.jsonl, latency.hlog if any) is as it was written.</p>"
                + "<p class=\"generator\">" + GENERATOR + "</p></body></html>\n";
    }

    public static String render(RunFiles run) throws IOException {
        ReportData data = ReportModel.build(run, GENERATOR);
        String title = "Stampede report · " + run.summary().scenario() + " · " + run.summary().runId();
        return fill(Assets.text(Assets.REPORT_HTML), Map.of(
                "title", escapeHtml(title),
                "views.css", Assets.text(Assets.VIEWS_CSS),
                "echarts", inlineScript(Assets.text(Assets.ECHARTS)),
                "views.js", inlineScript(Assets.text(Assets.VIEWS_JS)),
                "trend-views.js", inlineScript(Assets.text(Assets.TREND_VIEWS_JS)),
                "curves.js", inlineScript(Assets.text(Assets.CURVES_JS)),
                "report.js", inlineScript(Assets.text(Assets.REPORT_JS)),
                "data", json(data)));
    }

    /** Replaces each {@code {{name}}} of the template in one pass, so inserted text is never scanned again. */
    static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + values.values().stream().mapToInt(String::length).sum());
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            int close = open < 0 ? -1 : template.indexOf("}}", open);
            if (close < 0) {
                return out.append(template, at, template.length()).toString();
            }
            String name = template.substring(open + 2, close);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("report template has an unknown placeholder {{" + name + "}}");
            }
            out.append(template, at, open).append(value);
            at = close + 2;
        }
    }

    /** JSON that is safe inside a script element: no {@code <} can close it or open a comment. */
    static String json(Object data) throws JsonProcessingException {
        return ResultsJson.MAPPER.writeValueAsString(data)
                .replace("<", "\\u003c")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    /** A script's text inlined in a page: "</script" would end the element early; inside JS strings "<\/" means the same. */
    static String inlineScript(String js) {
        return js.replace("</script", "<\\/script").replace("<!--", "<\\!--");
    }

    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
