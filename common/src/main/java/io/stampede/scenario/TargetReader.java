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

import io.stampede.json.JsonQuery;
import io.stampede.template.JsonTemplate;
import io.stampede.template.Template;

/** Reads {@code target:}: where the agent is, how to talk to it, and the http protocol's mapping. */
final class TargetReader {
    static final List<String> KEYS = List.of("base_url", "protocol", "model", "headers", "timeout", "embedded",
            "request", "response", "stream", "websocket", "tools_path");
    private static final List<String> REQUEST_KEYS = List.of("method", "path", "body", "stream");
    private static final List<String> STREAM_KEYS = List.of("delta", "reasoning", "tool_calls", "usage", "finish_reason",
            "error", "intent", "trace", "conversation_id", "done_data", "done_event", "done_path", "require_done");
    private static final List<String> STREAM_PATH_KEYS = STREAM_KEYS.subList(0, 9);
    private static final Map<String, String> DEFAULT_STREAM = Map.of(
            "delta", "$.delta", "reasoning", "$.reasoning", "tool_calls", "$.tool_calls", "usage", "$.usage",
            "finish_reason", "$.finish_reason", "error", "$.error", "intent", "$.intent", "trace", "$.trace",
            "conversation_id", "$.conversation_id");
    private static final List<String> WEBSOCKET_KEYS = List.of("path", "message", "connection");
    /** Where each protocol sends a turn unless {@code target.request.path} says otherwise. */
    private static final Map<Protocol, String> DEFAULT_PATHS = Map.of(
            Protocol.HTTP, "/chat", Protocol.SSE, "/chat", Protocol.OPENAI, "/v1/chat/completions",
            Protocol.OPENAI_RESPONSES, "/v1/responses", Protocol.ANTHROPIC, "/v1/messages", Protocol.VERCEL_UI, "/api/chat");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final String DEMO_AGENT = "demo-agent";
    private static final List<String> RESPONSE_KEYS = List.of("reply", "intent", "tools", "usage", "trace", "conversation_id");
    private static final Map<String, String> DEFAULT_RESPONSE = Map.of(
            "reply", "$.reply", "intent", "$.intent", "tools", "$.tools_called",
            "usage", "$.usage", "trace", "$.trace", "conversation_id", "$.conversation_id");

    private final NodeReader reader;
    private final TemplateRefs templates;
    private final Set<String> secrets;

    TargetReader(NodeReader reader, TemplateRefs templates, Set<String> secrets) {
        this.reader = reader;
        this.templates = templates;
        this.secrets = secrets;
    }

    static Map<String, Object> defaultBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "{{message}}");
        body.put("conversation_id", "{{conversation_id}}");
        body.put("user_profile", "{{user_profile}}");
        return body;
    }

    /** The target, or null after errors. */
    Target read(YamlNode node, String path) {
        YamlNode.Mapping map = reader.mapping(node, path, KEYS, "{ base_url: http://127.0.0.1:8700 }");
        if (map == null) {
            return null;
        }
        Protocol protocol = Protocol.HTTP;
        if (map.has("protocol")) {
            protocol = protocol(map.get("protocol"), NodeReader.child(path, "protocol"));
        }
        YamlNode urlNode = reader.required(map, path, "base_url", "base_url: http://127.0.0.1:8700");
        String baseUrl = urlNode == null ? null : baseUrl(urlNode, NodeReader.child(path, "base_url"), protocol);
        String model = map.has("model") ? reader.text(map.get("model"), NodeReader.child(path, "model"), "demo-gpt") : null;
        Map<String, Template> headers = map.has("headers")
                ? Headers.read(reader, templates, map.get("headers"), NodeReader.child(path, "headers"), secrets)
                : Map.of();
        Duration timeout = map.has("timeout") ? reader.duration(map.get("timeout"), NodeReader.child(path, "timeout"), false) : DEFAULT_TIMEOUT;
        String embedded = null;
        if (map.has("embedded")) {
            embedded = reader.choice(map.get("embedded"), NodeReader.child(path, "embedded"), Map.of(DEMO_AGENT, DEMO_AGENT));
            if (embedded != null && baseUrl != null && !isLoopback(baseUrl)) {
                reader.error(urlNode, NodeReader.child(path, "base_url"), "embedded: demo-agent runs on this machine, so base_url must be"
                        + " a loopback address, e.g. http://127.0.0.1:8700");
            }
        }
        Protocol kind = protocol == null ? Protocol.HTTP : protocol;
        if (model == null && !map.has("model") && (kind == Protocol.OPENAI || kind == Protocol.OPENAI_RESPONSES
                || kind == Protocol.ANTHROPIC)) {
            reader.error(map, NodeReader.child(path, "model"), "protocol " + kind.yamlName() + " sends the model with every"
                    + " request: add e.g. model: demo-gpt");
        }
        boolean[] streaming = {kind != Protocol.HTTP && kind != Protocol.SSE && kind != Protocol.WEBSOCKET};
        HttpMapping http = mapping(map, path, kind, streaming);
        StreamMapping stream = streamMapping(map, path, kind);
        WebSocketMapping websocket = kind == Protocol.WEBSOCKET ? webSocket(map, path) : null;
        if (kind != Protocol.WEBSOCKET && map.has("websocket")) {
            reader.error(map.get("websocket"), NodeReader.child(path, "websocket"),
                    "target.websocket applies to protocol websocket only; this target uses " + kind.yamlName());
        }
        if (protocol == null || baseUrl == null || headers == null || timeout == null || http == null || stream == null
                || (kind == Protocol.WEBSOCKET && websocket == null)) {
            return null;
        }
        return new Target(baseUrl, protocol, model, headers, timeout, embedded, http, streaming[0], stream, websocket);
    }

    /** {@code target.stream}: JSON paths into events, for protocols sse and websocket. */
    private StreamMapping streamMapping(YamlNode.Mapping target, String path, Protocol protocol) {
        Map<String, JsonQuery> paths = new LinkedHashMap<>();
        for (String key : STREAM_PATH_KEYS) {
            paths.put(key, JsonQuery.compile(DEFAULT_STREAM.get(key)));
        }
        String doneData = "[DONE]";
        String doneEvent = "done";
        JsonQuery donePath = null;
        boolean requireDone = true;
        boolean ok = true;
        if (target.has("stream")) {
            String streamPath = NodeReader.child(path, "stream");
            if (protocol != Protocol.SSE && protocol != Protocol.WEBSOCKET) {
                reader.error(target.get("stream"), streamPath, "target.stream describes the events of protocols sse and"
                        + " websocket; protocol " + protocol.yamlName() + " knows its own events (to turn streaming off,"
                        + " write target.request.stream: false)");
                return null;
            }
            YamlNode.Mapping map = reader.mapping(target.get("stream"), streamPath, STREAM_KEYS,
                    "{ delta: $.choices[0].delta.content, done_data: \"[DONE]\" }");
            if (map == null) {
                return null;
            }
            for (YamlNode.Entry e : map.entries()) {
                String keyPath = NodeReader.child(streamPath, e.name());
                boolean off = e.value() instanceof YamlNode.Scalar s && s.isNull();
                switch (e.name()) {
                    case "done_data" -> doneData = off ? null : reader.text(e.value(), keyPath, "\"[DONE]\" (or ~)");
                    case "done_event" -> doneEvent = off ? null : reader.text(e.value(), keyPath, "done (or ~)");
                    case "done_path" -> {
                        if (!off) {
                            donePath = jsonPath(e.value(), keyPath);
                            ok &= donePath != null;
                        }
                    }
                    case "require_done" -> {
                        Boolean b = bool(e.value(), keyPath);
                        ok &= b != null;
                        requireDone = b == null || b;
                    }
                    default -> {
                        if (!STREAM_PATH_KEYS.contains(e.name())) {
                            continue;
                        }
                        if (off) {
                            paths.put(e.name(), null);
                        } else {
                            JsonQuery q = jsonPath(e.value(), keyPath);
                            ok &= q != null;
                            paths.put(e.name(), q);
                        }
                    }
                }
            }
        }
        if (!ok) {
            return null;
        }
        return new StreamMapping(paths.get("delta"), paths.get("reasoning"), paths.get("tool_calls"), paths.get("usage"),
                paths.get("finish_reason"), paths.get("error"), paths.get("intent"), paths.get("trace"),
                paths.get("conversation_id"), doneData, doneEvent, donePath, requireDone);
    }

    private JsonQuery jsonPath(YamlNode node, String path) {
        String text = reader.text(node, path, "$.delta (or ~ to turn it off)");
        if (text == null) {
            return null;
        }
        try {
            return JsonQuery.compile(text);
        } catch (IllegalArgumentException ex) {
            reader.error(node, path, ex.getMessage());
            return null;
        }
    }

    private Boolean bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        reader.error(node, path, "expected true or false, got " + NodeReader.describe(node));
        return null;
    }

    /** {@code target.websocket}: where to connect and what a turn sends. */
    private WebSocketMapping webSocket(YamlNode.Mapping target, String path) {
        String socketPath = "";
        JsonTemplate message = JsonTemplate.compile(defaultBody());
        boolean perTurn = false;
        if (target.has("request")) {
            reader.error(target.get("request"), NodeReader.child(path, "request"), "protocol websocket sends frames, not"
                    + " requests: write the frame under target.websocket.message");
        }
        if (!target.has("websocket")) {
            return new WebSocketMapping(socketPath, message, perTurn);
        }
        String wsPath = NodeReader.child(path, "websocket");
        YamlNode.Mapping map = reader.mapping(target.get("websocket"), wsPath, WEBSOCKET_KEYS,
                "{ path: /ws, message: { text: \"{{message}}\" } }");
        if (map == null) {
            return null;
        }
        boolean ok = true;
        if (map.has("path")) {
            socketPath = absolutePath(map.get("path"), NodeReader.child(wsPath, "path"), "/ws");
            ok = socketPath != null;
        }
        if (map.has("message")) {
            message = templates.compileJson(map.get("message"), NodeReader.child(wsPath, "message"), true);
            ok &= message != null;
        }
        if (map.has("connection")) {
            String connection = reader.choice(map.get("connection"), NodeReader.child(wsPath, "connection"),
                    Map.of("per_conversation", "per_conversation", "per_turn", "per_turn"));
            ok &= connection != null;
            perTurn = "per_turn".equals(connection);
        }
        return ok ? new WebSocketMapping(socketPath, message, perTurn) : null;
    }

    private Protocol protocol(YamlNode node, String path) {
        Map<String, Protocol> byName = new LinkedHashMap<>();
        Arrays.stream(Protocol.values()).forEach(p -> byName.put(p.yamlName(), p));
        return reader.choice(node, path, byName);
    }

    private String baseUrl(YamlNode node, String path, Protocol protocol) {
        String text = reader.text(node, path, "http://127.0.0.1:8700");
        if (text == null) {
            return null;
        }
        List<String> schemes = protocol == Protocol.WEBSOCKET ? List.of("ws", "wss") : List.of("http", "https");
        String example = schemes.get(0) + "://127.0.0.1:8700";
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme)) {
                reader.error(node, path, "'" + text + "' must start with " + schemes.get(0) + ":// or " + schemes.get(1) + "://"
                        + (protocol == Protocol.WEBSOCKET ? " for protocol websocket" : "") + ", e.g. " + example);
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                reader.error(node, path, "'" + text + "' has no host: write e.g. " + example);
                return null;
            }
            return text.strip();
        } catch (URISyntaxException e) {
            reader.error(node, path, "'" + text + "' is not a URL (" + e.getReason() + "): write e.g. " + example);
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

    /**
     * {@code target.request} and {@code target.response}. The defaults depend on the protocol: the
     * http and sse protocols send {@link #defaultBody()} to {@code /chat}; model protocols send
     * their API's request to their API's path, and a body given here holds extra fields.
     */
    private HttpMapping mapping(YamlNode.Mapping target, String path, Protocol protocol, boolean[] streaming) {
        String method = "POST";
        String requestPath = DEFAULT_PATHS.getOrDefault(protocol, "/chat");
        boolean modelProtocol = streaming[0];
        JsonTemplate body = modelProtocol ? null : JsonTemplate.compile(defaultBody());
        boolean ok = true;
        if (target.has("request") && protocol != Protocol.WEBSOCKET) {
            String reqPath = NodeReader.child(path, "request");
            YamlNode.Mapping req = reader.mapping(target.get("request"), reqPath, REQUEST_KEYS,
                    "{ method: POST, path: " + requestPath + ", body: { message: \"{{message}}\" } }");
            if (req == null) {
                return null;
            }
            if (req.has("method")) {
                method = reader.text(req.get("method"), NodeReader.child(reqPath, "method"), "POST");
                method = method == null ? null : method.toUpperCase(Locale.ROOT);
            }
            if (req.has("path")) {
                requestPath = absolutePath(req.get("path"), NodeReader.child(reqPath, "path"), requestPath);
            }
            if (req.has("body")) {
                String bodyPath = NodeReader.child(reqPath, "body");
                if (modelProtocol && !(req.get("body") instanceof YamlNode.Mapping)) {
                    reader.error(req.get("body"), bodyPath, "for protocol " + protocol.yamlName() + " the body holds"
                            + " extra fields of the API request, as a mapping, e.g. { temperature: 0 }");
                    body = null;
                    ok = false;
                } else {
                    body = templates.compileJson(req.get("body"), bodyPath, true);
                    ok = body != null;
                }
            }
            if (req.has("stream")) {
                String streamPath = NodeReader.child(reqPath, "stream");
                if (!modelProtocol) {
                    reader.error(req.get("stream"), streamPath, "stream applies to protocols openai, openai-responses"
                            + " and anthropic; protocol " + protocol.yamlName() + " is always "
                            + (protocol == Protocol.HTTP ? "one JSON answer" : "a stream"));
                    ok = false;
                } else {
                    Boolean b = bool(req.get("stream"), streamPath);
                    if (b == null) {
                        ok = false;
                    } else if (!b && protocol == Protocol.VERCEL_UI) {
                        reader.error(req.get("stream"), streamPath, "protocol vercel-ui is always a stream");
                        ok = false;
                    } else {
                        streaming[0] = b;
                    }
                }
            }
            ok &= method != null && requestPath != null;
        }
        if (target.has("response") && protocol != Protocol.HTTP) {
            reader.error(target.get("response"), NodeReader.child(path, "response"), "target.response reads the JSON"
                    + " answers of protocol http; protocol " + protocol.yamlName() + (protocol == Protocol.SSE
                    || protocol == Protocol.WEBSOCKET ? " reads events with target.stream" : " knows its own answers"));
            ok = false;
        }
        Map<String, JsonQuery> paths = new LinkedHashMap<>();
        for (String key : RESPONSE_KEYS) {
            paths.put(key, JsonQuery.compile(DEFAULT_RESPONSE.get(key)));
        }
        if (target.has("response") && protocol == Protocol.HTTP) {
            ok &= responsePaths(target.get("response"), NodeReader.child(path, "response"), paths);
        }
        String toolsPath = "/tools";
        if (target.has("tools_path")) {
            toolsPath = absolutePath(target.get("tools_path"), NodeReader.child(path, "tools_path"), "/tools");
            ok &= toolsPath != null;
        }
        if (!ok) {
            return null;
        }
        return new HttpMapping(method, requestPath, body, paths.get("reply"), paths.get("intent"), paths.get("tools"),
                paths.get("usage"), paths.get("trace"), paths.get("conversation_id"), toolsPath);
    }

    private boolean responsePaths(YamlNode node, String path, Map<String, JsonQuery> paths) {
        YamlNode.Mapping map = reader.mapping(node, path, RESPONSE_KEYS, "{ reply: $.answer, intent: ~ }");
        if (map == null) {
            return false;
        }
        boolean ok = true;
        for (YamlNode.Entry e : map.entries()) {
            if (!RESPONSE_KEYS.contains(e.name())) {
                continue;
            }
            String keyPath = NodeReader.child(path, e.name());
            if (e.value() instanceof YamlNode.Scalar s && s.isNull()) {
                paths.put(e.name(), null);
                continue;
            }
            String text = reader.text(e.value(), keyPath, "$.answer (or ~ to turn it off)");
            if (text == null) {
                ok = false;
                continue;
            }
            try {
                paths.put(e.name(), JsonQuery.compile(text));
            } catch (IllegalArgumentException ex) {
                reader.error(e.value(), keyPath, ex.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    private String absolutePath(YamlNode node, String path, String example) {
        String text = reader.text(node, path, example);
        if (text != null && !text.startsWith("/")) {
            reader.error(node, path, "'" + text + "' must start with '/': write e.g. " + example);
            return null;
        }
        return text;
    }
}
