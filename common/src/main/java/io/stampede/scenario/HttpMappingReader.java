package io.stampede.scenario;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.stampede.json.JsonQuery;
import io.stampede.template.JsonTemplate;

/**
 * Reads {@code target.request} and {@code target.response}: where a turn goes and what it sends,
 * and where the http protocol finds the reply, intent, tools, usage and trace in the answer.
 */
final class HttpMappingReader {
    private static final List<String> REQUEST_KEYS = List.of("method", "path", "body", "stream");
    /** Where each protocol sends a turn unless {@code target.request.path} says otherwise. */
    private static final Map<Protocol, String> DEFAULT_PATHS = Map.of(
            Protocol.HTTP, "/chat", Protocol.SSE, "/chat", Protocol.OPENAI, "/v1/chat/completions",
            Protocol.OPENAI_RESPONSES, "/v1/responses", Protocol.ANTHROPIC, "/v1/messages", Protocol.VERCEL_UI, "/api/chat");
    private static final List<String> RESPONSE_KEYS = List.of("reply", "intent", "tools", "usage", "trace", "conversation_id");
    private static final Map<String, String> DEFAULT_RESPONSE = Map.of(
            "reply", "$.reply", "intent", "$.intent", "tools", "$.tools_called",
            "usage", "$.usage", "trace", "$.trace", "conversation_id", "$.conversation_id");

    private final NodeReader reader;
    private final TemplateRefs templates;

    HttpMappingReader(NodeReader reader, TemplateRefs templates) {
        this.reader = reader;
        this.templates = templates;
    }

    /**
     * {@code target.request} and {@code target.response}. The defaults depend on the protocol:
     * the http and sse protocols send {@link TargetReader#defaultBody()} to {@code /chat}; model
     * protocols send their API's request to their API's path, and a body given here holds extra
     * fields.
     */
    HttpMapping read(YamlNode.Mapping target, String path, Protocol protocol, String baseUrl, boolean[] streaming) {
        String method = "POST";
        String requestPath = defaultPath(protocol, baseUrl);
        boolean modelProtocol = streaming[0];
        JsonTemplate body = modelProtocol ? null : JsonTemplate.compile(TargetReader.defaultBody());
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
                requestPath = reader.absolutePath(req.get("path"), NodeReader.child(reqPath, "path"), requestPath);
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
                    Boolean b = reader.bool(req.get("stream"), streamPath);
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
            toolsPath = reader.absolutePath(target.get("tools_path"), NodeReader.child(path, "tools_path"), "/tools");
            ok &= toolsPath != null;
        }
        if (!ok) {
            return null;
        }
        return new HttpMapping(method, requestPath, body, paths.get("reply"), paths.get("intent"), paths.get("tools"),
                paths.get("usage"), paths.get("trace"), paths.get("conversation_id"), toolsPath);
    }

    /**
     * Where a turn goes unless {@code target.request.path} says: the API's path below the base
     * URL. Every OpenAI SDK, vLLM, LiteLLM and Ollama write base URLs that end in {@code /v1}
     * ({@code OPENAI_BASE_URL=https://api.openai.com/v1}), so such a base URL is not given a second one.
     */
    static String defaultPath(Protocol protocol, String baseUrl) {
        String path = DEFAULT_PATHS.getOrDefault(protocol, "/chat");
        return path.startsWith("/v1/") && endsWithV1(baseUrl) ? path.substring("/v1".length()) : path;
    }

    private static boolean endsWithV1(String baseUrl) {
        if (baseUrl == null) {
            return false;
        }
        try {
            String path = URI.create(baseUrl.strip()).getRawPath();
            return path != null && (path.endsWith("/v1") || path.endsWith("/v1/"));
        } catch (IllegalArgumentException e) {
            return false;
        }
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

}
