package io.stampede.scenario;

import io.stampede.json.JsonQuery;

/** {@code extract: { order_status: $.status }}: after the step, the user's variable gets the value. */
public record Extraction(String variable, JsonQuery path) {
}
