package io.stampede.dashboard;

import java.util.List;

import io.stampede.api.ApiOptions;
import io.stampede.api.RouteContributor;
import io.stampede.compare.CompareRoutes;
import io.stampede.prometheus.PrometheusRoutes;

/** What a coordinator serves beside its API: the dashboard at {@code /}, {@code /api/compare} and {@code /metrics}. */
public final class StandardRoutes {
    private StandardRoutes() {
    }

    public static List<RouteContributor> all() {
        return List.of(new DashboardRoutes(), new CompareRoutes(), new PrometheusRoutes());
    }

    /** {@code options} with every standard route added. */
    public static ApiOptions addTo(ApiOptions options) {
        all().forEach(options::addContributor);
        return options;
    }
}
