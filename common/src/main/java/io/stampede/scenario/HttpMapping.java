package io.stampede.scenario;

import io.stampede.json.JsonQuery;
import io.stampede.template.JsonTemplate;

/**
 * How the {@code http} protocol talks to an agent: where a turn is POSTed, the body template,
 * and JSON paths that read reply, intent, tools, usage, trace and a server-issued conversation
 * id from the response. Real agents name their fields differently, so every part can be
 * overridden under {@code target.request} and {@code target.response}; the defaults fit the
 * demo agent and most JSON chat APIs.
 *
 * <p>Usage paths may point at {@code input_tokens/output_tokens} or
 * {@code prompt_tokens/completion_tokens}; the driver reads both spellings under {@code usage}.
 * Paths are null when the scenario turned them off.
 */
public record HttpMapping(
        String method,
        String path,
        JsonTemplate body,
        JsonQuery reply,
        JsonQuery intent,
        JsonQuery tools,
        JsonQuery usage,
        JsonQuery trace,
        JsonQuery conversationId,
        String toolsPath) {
}
