package io.stampede.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The files that make the report page and the dashboard, on the classpath: Apache ECharts from
 * its webjar (one minified file, used as shipped), and the project's own scripts and styles.
 * The dashboard serves them; the report inlines them, so it opens from disk with no network.
 */
public final class Assets {
    /** ECharts' build in the {@code org.webjars.npm:echarts} jar; its version is the pom's {@code echarts.version}. */
    public static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    /** The dashboard's static files; {@code js/views.js} and {@code css/views.css} are shared with the report. */
    public static final String WEBROOT = "webroot";
    static final String VIEWS_JS = WEBROOT + "/js/views.js";
    static final String CURVES_JS = WEBROOT + "/js/curves.js";
    static final String VIEWS_CSS = WEBROOT + "/css/views.css";
    static final String TREND_VIEWS_JS = WEBROOT + "/js/trend-views.js";
    static final String REPORT_HTML = "io/stampede/report/report.html";
    static final String REPORT_JS = "io/stampede/report/report.js";

    private Assets() {
    }

    /** A classpath resource as text; a missing one is a packaging bug, not a user error. */
    public static String text(String resource) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
