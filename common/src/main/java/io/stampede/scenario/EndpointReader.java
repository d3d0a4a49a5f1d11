package io.stampede.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stampede.template.Template;
import io.stampede.tokens.TokenCounters;

/**
 * Reads where a model Stampede itself calls is (the simulated user's, the judge's): {@code protocol}
 * ({@code openai} by default, or {@code openai-responses}, {@code anthropic}), {@code base_url},
 * {@code model}, {@code headers}, {@code timeout}, as a {@link Target} so the worker's own
 * protocol drivers can call it. Keys not given come from {@code defaults} (the top-level
 * {@code judge:} for a judge check). Answers are asked for whole, not streamed.
 */
final class EndpointReader {
    static final List<String> KEYS = List.of("protocol", "base_url", "model", "headers", "timeout");
    private static final Map<String, Protocol> PROTOCOLS = new LinkedHashMap<>();

    static {
        for (Protocol p : List.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC)) {
            PROTOCOLS.put(p.yamlName(), p);
        }
    }

    private final NodeReader reader;
    private final TemplateRefs templates;
    private final Set<String> secrets;

    EndpointReader(NodeReader reader, TemplateRefs templates, Set<String> secrets) {
        this.reader = reader;
        this.templates = templates;
        this.secrets = secrets;
    }

    /**
     * The endpoint, or null after an error (also when base_url or model is given neither here nor
     * in {@code defaults}: {@code what} names the caller in that message, e.g. "the judge").
     *
     * @param allowHeaders false where headers may not be written (a check: they belong in the top-level judge)
     */
    Target read(YamlNode.Mapping map, String path, Target defaults, String what, boolean allowHeaders) {
        Protocol protocol = defaults == null ? Protocol.OPENAI : defaults.protocol();
        if (map.has("protocol")) {
            protocol = reader.choice(map.get("protocol"), NodeReader.child(path, "protocol"), PROTOCOLS);
        }
        String baseUrl = defaults == null ? null : defaults.baseUrl();
        if (map.has("base_url")) {
            baseUrl = new TargetReader(reader, templates, secrets, null).baseUrl(map.get("base_url"), NodeReader.child(path, "base_url"),
                    Protocol.OPENAI);
            if (baseUrl == null) {
                return null;
            }
            secrets.addAll(Headers.sensitiveQueryValues(baseUrl));
        }
        String model = defaults == null ? null : defaults.model();
        if (map.has("model")) {
            model = reader.text(map.get("model"), NodeReader.child(path, "model"), "demo-judge");
        }
        Map<String, Template> headers = defaults == null ? Map.of() : defaults.headers();
        if (map.has("headers")) {
            if (!allowHeaders) {
                reader.error(map.entry("headers").key(), NodeReader.child(path, "headers"), "a judge check takes its headers from"
                        + " the top-level judge: write them there (judge: { headers: { Authorization: \"Bearer ${JUDGE_KEY}\" } })");
                return null;
            }
            headers = Headers.read(reader, templates, map.get("headers"), NodeReader.child(path, "headers"), secrets);
        }
        Duration timeout = defaults == null ? TargetReader.DEFAULT_TIMEOUT : defaults.timeout();
        if (map.has("timeout")) {
            timeout = reader.duration(map.get("timeout"), NodeReader.child(path, "timeout"), false);
        }
        boolean missing = false;
        if (baseUrl == null && !map.has("base_url")) {
            reader.error(map, NodeReader.child(path, "base_url"), what + " needs base_url, the address of an OpenAI-compatible"
                    + " server: write e.g. base_url: http://127.0.0.1:8700");
            missing = true;
        }
        if (model == null && !map.has("model")) {
            reader.error(map, NodeReader.child(path, "model"), what + " needs model, sent with every request: write e.g."
                    + " model: demo-judge");
            missing = true;
        }
        if (missing || protocol == null || headers == null || timeout == null || model == null) {
            return null;
        }
        YamlNode.Mapping none = new YamlNode.Mapping(List.of(), map.position(), map.start(), map.end());
        HttpMapping http = new HttpMappingReader(reader, templates).read(none, path, protocol, baseUrl, new boolean[] {true});
        StreamMapping stream = new StreamMappingReader(reader, templates).stream(none, path, protocol);
        return new Target(baseUrl, protocol, model, headers, timeout, null, http, false, stream, null, SpanMapping.NONE,
                Target.DEFAULT_MAX_REPLY_BYTES, TokenCounters.AUTO, List.of());
    }

    /** The endpoint given by the top-level {@code judge:} with what it holds, possibly partial (no error for missing keys). */
    Target defaults(YamlNode.Mapping map, String path) {
        Protocol protocol = map.has("protocol") ? reader.choice(map.get("protocol"), NodeReader.child(path, "protocol"), PROTOCOLS)
                : Protocol.OPENAI;
        String baseUrl = map.has("base_url") ? new TargetReader(reader, templates, secrets, null).baseUrl(map.get("base_url"),
                NodeReader.child(path, "base_url"), Protocol.OPENAI) : null;
        if (baseUrl != null) {
            secrets.addAll(Headers.sensitiveQueryValues(baseUrl));
        }
        String model = map.has("model") ? reader.text(map.get("model"), NodeReader.child(path, "model"), "demo-judge") : null;
        Map<String, Template> headers = map.has("headers")
                ? Headers.read(reader, templates, map.get("headers"), NodeReader.child(path, "headers"), secrets) : Map.of();
        Duration timeout = map.has("timeout") ? reader.duration(map.get("timeout"), NodeReader.child(path, "timeout"), false)
                : TargetReader.DEFAULT_TIMEOUT;
        if (protocol == null || headers == null || timeout == null) {
            return null;
        }
        return new Target(baseUrl, protocol, model, headers, timeout, null, null, false, null, null, SpanMapping.NONE,
                Target.DEFAULT_MAX_REPLY_BYTES, TokenCounters.AUTO, List.of());
    }
}
