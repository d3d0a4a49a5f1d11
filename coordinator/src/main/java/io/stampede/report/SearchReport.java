package io.stampede.report;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A capacity search's {@code report.html}: the answer, behaviour and latency against load with the
 * knee marked, and every level. Self-contained like a run's report (ECharts, views, data inlined),
 * built from the search's {@code search.json} alone. Blocking IO: never on an event loop.
 */
public final class SearchReport {
    static final String SEARCH_HTML = "io/stampede/report/search.html";

    private SearchReport() {
    }

    public static String render(JsonNode search) throws IOException {
        String title = "Stampede capacity search · " + search.path("scenario").asText() + " · " + search.path("id").asText();
        return ReportGenerator.fill(Assets.text(SEARCH_HTML), Map.of(
                "title", ReportGenerator.escapeHtml(title),
                "views.css", Assets.text(Assets.VIEWS_CSS),
                "echarts", ReportGenerator.inlineScript(Assets.text(Assets.ECHARTS)),
                "views.js", ReportGenerator.inlineScript(Assets.text(Assets.VIEWS_JS)),
                "curves.js", ReportGenerator.inlineScript(Assets.text(Assets.CURVES_JS)),
                "data", ReportGenerator.json(search)));
    }
}
