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
    static final List<String> KEYS = List.of(
            "base_url", "protocol", "model", "headers", "timeout", "embedded", "request", "response", "tools_path");
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
        HttpMapping http = mapping(map, path);
        if (protocol == null || baseUrl == null || headers == null || timeout == null || http == null) {
            return null;
        }
        return new Target(baseUrl, protocol, model, headers, timeout, embedded, http);
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

    private HttpMapping mapping(YamlNode.Mapping target, String path) {
        String method = "POST";
        String requestPath = "/chat";
        JsonTemplate body = JsonTemplate.compile(defaultBody());
        boolean ok = true;
        if (target.has("request")) {
            String reqPath = NodeReader.child(path, "request");
            YamlNode.Mapping req = reader.mapping(target.get("request"), reqPath, List.of("method", "path", "body"),
                    "{ method: POST, path: /chat, body: { message: \"{{message}}\" } }");
            if (req == null) {
                return null;
            }
            if (req.has("method")) {
                method = reader.text(req.get("method"), NodeReader.child(reqPath, "method"), "POST");
                method = method == null ? null : method.toUpperCase(Locale.ROOT);
            }
            if (req.has("path")) {
                requestPath = absolutePath(req.get("path"), NodeReader.child(reqPath, "path"), "/chat");
            }
            if (req.has("body")) {
                body = templates.compileJson(req.get("body"), NodeReader.child(reqPath, "body"), true);
            }
            ok = method != null && requestPath != null && body != null;
        }
        Map<String, JsonQuery> paths = new LinkedHashMap<>();
        for (String key : RESPONSE_KEYS) {
            paths.put(key, JsonQuery.compile(DEFAULT_RESPONSE.get(key)));
        }
        if (target.has("response")) {
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
