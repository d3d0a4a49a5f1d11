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
        ctx.response().setStatusCode(status).putHeader("content-type", JSON).putHeader("cache-control", "no-store");
        if (!ctx.request().isEnded()) {
            // Answered before the request body was read (refused by the guard, too large): this
            // connection cannot carry another request, so say so and close it after the answer,
            // or the client's next request on it would wait forever.
            ctx.response().putHeader("connection", "close");
            ctx.response().end(text).onComplete(v -> ctx.request().connection().close());
            return;
        }
        ctx.response().end(text);
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, Map.of("error", message));
    }
}
