package io.stampede.scenario;

import java.time.Duration;
import java.util.Map;

import io.stampede.template.Template;

/**
 * The agent under test. {@code embedded} names a built-in server to start for the run
 * (only {@code demo-agent} today), or is null.
 */
public record Target(
        String baseUrl,
        Protocol protocol,
        String model,
        Map<String, Template> headers,
        Duration timeout,
        String embedded,
        HttpMapping http) {
}
