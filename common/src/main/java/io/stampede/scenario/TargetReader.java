package io.stampede.scenario;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.stampede.template.Template;
import io.stampede.tokens.TokenCounters;

/**
 * Reads {@code target:}: where the agent is and how to talk to it. The request and response
 * mapping are {@link HttpMappingReader}'s to read; the stream's and the WebSocket's,
 * {@link StreamMappingReader}'s.
 *
 * <p>Where the scenario says nothing, the conventions users bring with them fill in: the base
 * URL from {@code STAMPEDE_TARGET} (what {@code stampede run --target URL} sets), else
 * {@code OPENAI_BASE_URL} ({@code openai}, {@code openai-responses}) or
 * {@code ANTHROPIC_BASE_URL} ({@code anthropic}), and the API key from {@code OPENAI_API_KEY} or
 * {@code ANTHROPIC_API_KEY}, sent as the SDKs send it. A scenario without {@code target:} at
 * all is a plain {@code http} target at {@code STAMPEDE_TARGET}.
 */
final class TargetReader {
    static final List<String> KEYS = List.of("base_url", "protocol", "model", "headers", "timeout", "embedded",
            "request", "response", "stream", "websocket", "tools_path", "spans", "max_reply_bytes",
            "tokenizer", "source_addresses");
    /** Bounds of {@code max_reply_bytes}: a reply kept per user and turn must fit any heap it runs in. */
    static final long MIN_REPLY_BYTES = 1024;
    static final long MAX_REPLY_BYTES = 256L * 1024 * 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final String DEMO_AGENT = "demo-agent";

    private final NodeReader reader;
    private final TemplateRefs templates;
    private final Set<String> secrets;
    private final EnvSubstitution env;

    TargetReader(NodeReader reader, TemplateRefs templates, Set<String> secrets, EnvSubstitution env) {
        this.reader = reader;
        this.templates = templates;
        this.secrets = secrets;
        this.env = env;
    }

    static Map<String, Object> defaultBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "{{message}}");
        body.put("conversation_id", "{{conversation_id}}");
        body.put("user_profile", "{{user_profile}}");
        return body;
    }

    /**
     * The target, or null after errors. {@code node} is null when the scenario has no
     * {@code target:}; {@code doc} is the whole scenario, where such errors are shown.
     */
    Target read(YamlNode node, YamlNode.Mapping doc, String path) {
        YamlNode.Mapping map = node == null ? new YamlNode.Mapping(List.of(), doc.position(), doc.start(), doc.start())
                : reader.mapping(node, path, KEYS, "{ base_url: http://127.0.0.1:8700 }");
        if (map == null) {
            return null;
        }
        Protocol protocol = Protocol.HTTP;
        if (map.has("protocol")) {
            protocol = protocol(map.get("protocol"), NodeReader.child(path, "protocol"));
        }
        Protocol kind = protocol == null ? Protocol.HTTP : protocol;
        YamlNode urlNode = map.get("base_url");
        String baseUrl = urlNode != null ? baseUrl(urlNode, NodeReader.child(path, "base_url"), protocol, null)
                : environmentBaseUrl(map, path, kind, node == null);
        if (baseUrl != null) {
            secrets.addAll(Headers.sensitiveQueryValues(baseUrl));
        }
        String model = map.has("model") ? reader.text(map.get("model"), NodeReader.child(path, "model"), "demo-gpt") : null;
        Map<String, Template> headers = map.has("headers")
                ? Headers.read(reader, templates, map.get("headers"), NodeReader.child(path, "headers"), secrets)
                : Map.of();
        headers = headers == null ? null : withApiKey(headers, kind);
        Duration timeout = map.has("timeout") ? reader.duration(map.get("timeout"), NodeReader.child(path, "timeout"), false) : DEFAULT_TIMEOUT;
        String embedded = null;
        if (map.has("embedded")) {
            embedded = reader.choice(map.get("embedded"), NodeReader.child(path, "embedded"), Map.of(DEMO_AGENT, DEMO_AGENT));
            if (embedded != null && baseUrl != null && !isLoopback(baseUrl)) {
                reader.error(urlNode != null ? urlNode : map, NodeReader.child(path, "base_url"), "embedded: demo-agent runs on this machine, so base_url must be"
                        + " a loopback address, e.g. http://127.0.0.1:8700");
            }
        }
        if (model == null && !map.has("model") && (kind == Protocol.OPENAI || kind == Protocol.OPENAI_RESPONSES
                || kind == Protocol.ANTHROPIC)) {
            reader.error(map, NodeReader.child(path, "model"), "protocol " + kind.yamlName() + " sends the model with every"
                    + " request: add e.g. model: demo-gpt");
        }
        boolean[] streaming = {kind != Protocol.HTTP && kind != Protocol.SSE && kind != Protocol.WEBSOCKET};
        HttpMapping http = new HttpMappingReader(reader, templates).read(map, path, kind, baseUrl, streaming);
        StreamMapping stream = new StreamMappingReader(reader, templates).stream(map, path, kind);
        WebSocketMapping websocket = kind == Protocol.WEBSOCKET ? new StreamMappingReader(reader, templates).webSocket(map, path) : null;
        if (kind != Protocol.WEBSOCKET && map.has("websocket")) {
            reader.error(map.get("websocket"), NodeReader.child(path, "websocket"),
                    "target.websocket applies to protocol websocket only; this target uses " + kind.yamlName());
        }
        SpanMapping spans = new SpanMappingReader(reader).read(map, path);
        Integer maxReplyBytes = map.has("max_reply_bytes")
                ? reader.byteSize(map.get("max_reply_bytes"), NodeReader.child(path, "max_reply_bytes"), MIN_REPLY_BYTES,
                        MAX_REPLY_BYTES, "4MiB")
                : Integer.valueOf(Target.DEFAULT_MAX_REPLY_BYTES);
        String tokenizer = TokenCounters.AUTO;
        if (map.has("tokenizer")) {
            Map<String, String> names = new LinkedHashMap<>();
            TokenCounters.SETTINGS.forEach(n -> names.put(n, n));
            tokenizer = reader.choice(map.get("tokenizer"), NodeReader.child(path, "tokenizer"), names);
        }
        List<String> sources = map.has("source_addresses")
                ? sourceAddresses(map.get("source_addresses"), NodeReader.child(path, "source_addresses")) : List.of();
        if (sources == null || protocol == null || baseUrl == null || headers == null || timeout == null || http == null
                || stream == null || (kind == Protocol.WEBSOCKET && websocket == null) || spans == null || maxReplyBytes == null
                || tokenizer == null) {
            return null;
        }
        return new Target(baseUrl, protocol, model, headers, timeout, embedded, http, streaming[0], stream, websocket,
                spans, maxReplyBytes, tokenizer, sources);
    }

    /** A list of addresses and ranges, or one of either; null after errors. */
    private List<String> sourceAddresses(YamlNode node, String path) {
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = node instanceof YamlNode.Sequence ? NodeReader.index(path, i) : path;
            String text = reader.text(items.get(i), itemPath, "127.0.0.2..127.0.0.9");
            if (text == null) {
                return null;
            }
            texts.add(text);
        }
        if (texts.isEmpty()) {
            reader.error(node, path, "is empty: list local addresses, e.g. [127.0.0.2, 127.0.0.3] or 127.0.0.2..127.0.0.9");
            return null;
        }
        return SourceAddresses.read(texts, (i, why) -> reader.error(items.get(i),
                node instanceof YamlNode.Sequence ? NodeReader.index(path, i) : path, why));
    }

    private Protocol protocol(YamlNode node, String path) {
        Map<String, Protocol> byName = new LinkedHashMap<>();
        Arrays.stream(Protocol.values()).forEach(p -> byName.put(p.yamlName(), p));
        return reader.choice(node, path, byName);
    }

    /** A base URL the scenario wrote (the simulated user's and the judge's endpoints read theirs so too). */
    String baseUrl(YamlNode node, String path, Protocol protocol) {
        return baseUrl(node, path, protocol, null);
    }

    /**
     * The base URL from the first of the environment variables the conventions name for this
     * protocol, or null after an error saying where a base URL can come from.
     */
    private String environmentBaseUrl(YamlNode.Mapping map, String path, Protocol kind, boolean noTarget) {
        List<String> variables = baseUrlVariables(kind);
        for (String variable : variables) {
            String value = env.take(variable);
            if (value != null) {
                YamlNode at = new YamlNode.Scalar(value, false, map.position(), map.start(), map.start());
                return baseUrl(at, NodeReader.child(path, "base_url"), kind, variable);
            }
        }
        String sources = "run with --target URL (or set " + String.join(" or ", variables) + ")";
        if (noTarget) {
            reader.error(map, path, "missing 'target': add e.g. target: { base_url: http://127.0.0.1:8700 }, or " + sources);
            return null;
        }
        reader.required(map, path, "base_url", "base_url: http://127.0.0.1:8700, or " + sources);
        return null;
    }

    private static List<String> baseUrlVariables(Protocol kind) {
        return switch (kind) {
            case OPENAI, OPENAI_RESPONSES -> List.of(ScenarioLoader.TARGET_VARIABLE, "OPENAI_BASE_URL");
            case ANTHROPIC -> List.of(ScenarioLoader.TARGET_VARIABLE, "ANTHROPIC_BASE_URL");
            default -> List.of(ScenarioLoader.TARGET_VARIABLE);
        };
    }

    /**
     * The headers with the API key of the environment added as the protocol's SDKs send it
     * ({@code Authorization: Bearer $OPENAI_API_KEY}, {@code x-api-key: $ANTHROPIC_API_KEY}),
     * unless the scenario sets a credential header itself or the variable is unset.
     */
    private Map<String, Template> withApiKey(Map<String, Template> headers, Protocol kind) {
        String header;
        String variable;
        String prefix;
        switch (kind) {
            case OPENAI, OPENAI_RESPONSES -> {
                header = "Authorization";
                variable = "OPENAI_API_KEY";
                prefix = "Bearer ";
            }
            case ANTHROPIC -> {
                header = "x-api-key";
                variable = "ANTHROPIC_API_KEY";
                prefix = "";
            }
            default -> {
                return headers;
            }
        }
        if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(header) || h.equalsIgnoreCase("authorization"))) {
            return headers;
        }
        String key = env.take(variable);
        if (key == null) {
            return headers;
        }
        secrets.add(key);
        Map<String, Template> out = new LinkedHashMap<>(headers);
        out.put(header, Template.literal(prefix + key));
        return out;
    }

    /** {@code from}: the environment variable the URL came from, or null when the scenario wrote it. */
    private String baseUrl(YamlNode node, String path, Protocol protocol, String from) {
        String text = reader.text(node, path, "http://127.0.0.1:8700");
        if (text == null) {
            return null;
        }
        String what = from == null ? "'" + text + "'" : from + " '" + text + "'";
        List<String> schemes = protocol == Protocol.WEBSOCKET ? List.of("ws", "wss") : List.of("http", "https");
        String example = schemes.get(0) + "://127.0.0.1:8700";
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme)) {
                reader.error(node, path, what + " must start with " + schemes.get(0) + ":// or " + schemes.get(1) + "://"
                        + (protocol == Protocol.WEBSOCKET ? " for protocol websocket" : "") + ", e.g. " + example);
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                reader.error(node, path, what + " has no host: write e.g. " + example);
                return null;
            }
            return text.strip();
        } catch (URISyntaxException e) {
            reader.error(node, path, what + " is not a URL (" + e.getReason() + "): write e.g. " + example);
            return null;
        }
    }

    static boolean isLoopback(String url) {
        String host;
        try {
            host = new URI(url).getHost();
        } catch (URISyntaxException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}
