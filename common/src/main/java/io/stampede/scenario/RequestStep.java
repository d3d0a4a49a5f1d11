package io.stampede.scenario;

import java.util.List;
import java.util.Map;

import io.stampede.check.Check;
import io.stampede.template.JsonTemplate;
import io.stampede.template.Template;

/**
 * {@code request: { method: GET, path: "/orders/{{user.order_id}}" }}: any HTTP call. The path
 * is relative to {@code target.base_url} unless it is an absolute URL. {@code body} is null
 * when the request has none.
 */
public record RequestStep(
        String name,
        String method,
        Template path,
        Map<String, Template> headers,
        JsonTemplate body,
        List<Check> checks,
        List<Extraction> extractions,
        FailurePolicy onFailure,
        Position position) implements Step {
}
