package io.stampede.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.stampede.json.JsonQuery;
import io.stampede.template.JsonTemplate;

/**
 * Reads {@code target.stream} (JSON paths into the events of protocols sse and websocket, and
 * how a stream ends) and {@code target.websocket} (where to connect and what a turn sends).
 */
final class StreamMappingReader {
    private static final List<String> STREAM_KEYS = List.of("delta", "reasoning", "tool_calls", "usage", "finish_reason",
            "error", "intent", "trace", "conversation_id", "done_data", "done_event", "done_path", "require_done");
    private static final List<String> STREAM_PATH_KEYS = STREAM_KEYS.subList(0, 9);
    private static final Map<String, String> DEFAULT_STREAM = Map.of(
            "delta", "$.delta", "reasoning", "$.reasoning", "tool_calls", "$.tool_calls", "usage", "$.usage",
            "finish_reason", "$.finish_reason", "error", "$.error", "intent", "$.intent", "trace", "$.trace",
            "conversation_id", "$.conversation_id");
    private static final List<String> WEBSOCKET_KEYS = List.of("path", "message", "connection");

    private final NodeReader reader;
    private final TemplateRefs templates;

    StreamMappingReader(NodeReader reader, TemplateRefs templates) {
        this.reader = reader;
        this.templates = templates;
    }

    /** {@code target.stream}: JSON paths into events, for protocols sse and websocket. */
    StreamMapping stream(YamlNode.Mapping target, String path, Protocol protocol) {
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
                        Boolean b = reader.bool(e.value(), keyPath);
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

    /** {@code target.websocket}: where to connect and what a turn sends. */
    WebSocketMapping webSocket(YamlNode.Mapping target, String path) {
        String socketPath = "";
        JsonTemplate message = JsonTemplate.compile(TargetReader.defaultBody());
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
            socketPath = reader.absolutePath(map.get("path"), NodeReader.child(wsPath, "path"), "/ws");
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

}
