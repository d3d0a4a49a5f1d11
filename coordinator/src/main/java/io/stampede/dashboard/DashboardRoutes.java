package io.stampede.dashboard;

import io.stampede.api.RouteContributor;
import io.stampede.coordinator.Coordinator;
import io.stampede.report.Assets;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard at {@code /}: static files from the classpath ({@code webroot/}: plain JS modules,
 * no build step) and ECharts from its webjar at {@code /vendor/echarts/}, so nothing is fetched
 * from the internet. The pages talk to the coordinator only through the public API and SSE feed.
 */
public final class DashboardRoutes implements RouteContributor {
    /** Where the page loads ECharts from; the file is the webjar's {@code dist/} build. */
    public static final String ECHARTS_PATH = "/vendor/echarts/*";
    private static final long MAX_AGE_S = 60;

    @Override
    public void addRoutes(Router router, Coordinator coordinator) {
        String echartsDir = Assets.ECHARTS.substring(0, Assets.ECHARTS.lastIndexOf('/'));
        router.get("/").handler(files(Assets.WEBROOT));
        router.get("/index.html").handler(files(Assets.WEBROOT));
        router.get("/js/*").handler(files(Assets.WEBROOT + "/js"));
        router.get("/css/*").handler(files(Assets.WEBROOT + "/css"));
        router.get(ECHARTS_PATH).handler(StaticHandler.create(echartsDir).setMaxAgeSeconds(86_400));
    }

    private static StaticHandler files(String root) {
        return StaticHandler.create(root).setMaxAgeSeconds(MAX_AGE_S).setDirectoryListing(false);
    }
}
