package io.stampede.testkit;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.dashboard.StandardRoutes;

/**
 * The dashboard of the shared test cluster ({@link SharedRuns}) served on a free loopback port
 * with the standard routes, and a browser to look at it: what every dashboard test class opens
 * once and closes at the end.
 */
public final class DashboardSession implements AutoCloseable {
    private final Browser browser;
    private final HttpApi api;

    private DashboardSession(Browser browser, HttpApi api) {
        this.browser = browser;
        this.api = api;
    }

    /** A browser (skipping the test where there is none) and the API with {@code options} (its port is chosen here). */
    public static DashboardSession open(ApiOptions options) {
        Browser browser = Browser.open(false);
        RealCluster cluster = SharedRuns.cluster();
        try {
            return new DashboardSession(browser, RealCluster.await(HttpApi.start(cluster.vertx(), cluster.coordinator(),
                    StandardRoutes.addTo(options.port(0)))));
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    public Browser browser() {
        return browser;
    }

    /** The dashboard's address, e.g. {@code http://127.0.0.1:40123}. */
    public String base() {
        return "http://127.0.0.1:" + api.port();
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            RealCluster.await(api.close());
        }
    }
}
