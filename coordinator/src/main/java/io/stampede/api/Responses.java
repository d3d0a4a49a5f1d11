package io.stampede.api;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.stampede.results.ResultsJson;
import io.vertx.ext.web.RoutingContext;

/** JSON responses in the API's one style: snake_case bodies, errors as {@code {"error": "..."}}. */
final class Responses {
    static final String JSON = "application/json; charset=utf-8";

    private Responses() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        String text;
        try {
            text = ResultsJson.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", JSON).putHeader("cache-control", "no-store")
                .end(text);
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, Map.of("error", message));
    }
}
