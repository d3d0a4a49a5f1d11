package io.stampede.demo;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading JSON request bodies and writing JSON responses, with one error shape for all endpoints. */
final class HttpJson {
    static final String INVALID_REQUEST = "invalid_request_error";
    static final String NOT_FOUND = "not_found";

    private HttpJson() {
    }

    /**
     * The body as a JSON object; an empty body gives an empty object when {@code emptyAllowed}.
     *
     * @throws IllegalArgumentException with a message for the client when the body is not a JSON object
     */
    static JsonObject objectBody(RoutingContext ctx, boolean emptyAllowed) {
        Buffer buffer = ctx.body().buffer();
        if (buffer == null || buffer.length() == 0 || buffer.toString().isBlank()) {
            if (emptyAllowed) {
                return new JsonObject();
            }
            throw new IllegalArgumentException("request body is empty; send a JSON object");
        }
        Object value;
        try {
            value = Json.decodeValue(buffer);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        return object;
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().closed() || ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.toBuffer());
    }

    static void sendError(RoutingContext ctx, int status, String type, String message) {
        send(ctx, status, new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)));
    }
}
