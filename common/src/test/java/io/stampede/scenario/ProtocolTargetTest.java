package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** target: settings of the streaming protocols: per-protocol request defaults, target.stream, target.websocket. */
class ProtocolTargetTest {

    private static Scenario load(String target) throws InvalidScenarioException {
        return ScenarioLoader.load(new ScenarioSource(text(target), "t.yaml", null, Map.of(), null));
    }

    private static String text(String target) {
        return "scenario: t\ntarget:\n" + target + "\nsteps:\n  - send: hi\n";
    }

    private static List<String> errors(String target) {
        return ScenarioLoader.validate(new ScenarioSource(text(target), "t.yaml", null, Map.of(), null)).stream()
                .map(ScenarioError::toString).toList();
    }

    @Test
    void eachModelProtocolStreamsToItsApisPathByDefault() throws Exception {
        Map<String, String> paths = Map.of("openai", "/v1/chat/completions", "openai-responses", "/v1/responses",
                "anthropic", "/v1/messages", "vercel-ui", "/api/chat");
        for (Map.Entry<String, String> e : paths.entrySet()) {
            Target t = load("  base_url: http://h\n  protocol: " + e.getKey() + "\n  model: m").target();
            assertThat(t.http().path()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(t.streaming()).as(e.getKey()).isTrue();
            assertThat(t.http().body()).as("no extra fields").isNull();
        }
    }

    @Test
    void streamFalseAndExtraBodyFieldsAreRead() throws Exception {
        Target t = load("  base_url: http://h\n  protocol: openai\n  model: m\n  request: { stream: false, body: { temperature: 0 } }")
                .target();
        assertThat(t.streaming()).isFalse();
        assertThat(t.http().body().render(n -> null)).isEqualTo(Map.of("temperature", 0L));
    }

    @Test
    void modelProtocolsNeedAModel() {
        assertThat(errors("  base_url: http://h\n  protocol: anthropic")).containsExactly(
                "3:3 target.model: protocol anthropic sends the model with every request: add e.g. model: demo-gpt");
    }

    @Test
    void aModelProtocolsBodyMustBeAMapping() {
        assertThat(errors("  base_url: http://h\n  protocol: openai\n  model: m\n  request: { body: \"{{message}}\" }"))
                .containsExactly("6:20 target.request.body: for protocol openai the body holds extra fields of the API"
                        + " request, as a mapping, e.g. { temperature: 0 }");
    }

    @Test
    void streamOnHttpAndTargetStreamOnAModelProtocolAreErrorsThatSayWhereTheyApply() {
        assertThat(errors("  base_url: http://h\n  request: { stream: true }")).singleElement().asString()
                .contains("target.request.stream: stream applies to protocols openai, openai-responses and anthropic");
        assertThat(errors("  base_url: http://h\n  protocol: openai\n  model: m\n  stream: { delta: $.x }")).singleElement()
                .asString().contains("target.stream describes the events of protocols sse and websocket");
    }

    @Test
    void targetStreamReadsJsonPathsTurnsThemOffWithNullAndSuggestsMisspelledKeys() throws Exception {
        StreamMapping s = load("  base_url: http://h\n  protocol: sse\n  stream: { delta: \"$.choices[0].delta.content\","
                + " usage: ~, done_event: end, require_done: false }").target().stream();
        assertThat(s.delta().source()).isEqualTo("$.choices[0].delta.content");
        assertThat(s.usage()).isNull();
        assertThat(s.toolCalls().source()).isEqualTo("$.tool_calls");
        assertThat(s.doneData()).isEqualTo("[DONE]");
        assertThat(s.doneEvent()).isEqualTo("end");
        assertThat(s.requireDone()).isFalse();
        assertThat(errors("  base_url: http://h\n  protocol: sse\n  stream: { deltas: $.text }")).singleElement().asString()
                .contains("target.stream.deltas: unknown key 'deltas' in target.stream: did you mean 'delta'?");
        assertThat(errors("  base_url: http://h\n  protocol: sse\n  stream: { delta: text }")).singleElement().asString()
                .contains("'text' is not a JSON path: it must start with $");
    }

    @Test
    void webSocketSettingsAreReadAndRequestIsRefusedForIt() throws Exception {
        WebSocketMapping ws = load("  base_url: ws://h\n  protocol: websocket\n  websocket: { path: /ws, connection: per_turn,"
                + " message: { text: \"{{message}}\", history: \"{{messages}}\" } }").target().websocket();
        assertThat(ws.path()).isEqualTo("/ws");
        assertThat(ws.perTurn()).isTrue();
        assertThat(ws.message().references()).containsExactlyInAnyOrder("message", "messages");
        assertThat(errors("  base_url: ws://h\n  protocol: websocket\n  request: { path: /x }")).singleElement().asString()
                .contains("protocol websocket sends frames, not requests: write the frame under target.websocket.message");
        assertThat(errors("  base_url: ws://h\n  protocol: websocket\n  websocket: { conection: per_turn }")).singleElement()
                .asString().contains("did you mean 'connection'?");
    }

    @Test
    void messagesIsKnownInARequestBodyButNotInASendText() {
        assertThat(errors("  base_url: http://h\n  protocol: sse\n  request: { body: { history: \"{{messages}}\" } }")).isEmpty();
        assertThat(ScenarioLoader.validate(new ScenarioSource("scenario: t\ntarget: { base_url: http://h }\nsteps:\n"
                + "  - send: \"{{messages}}\"\n", "t.yaml", null, Map.of(), null))).singleElement().asString()
                .contains("{{messages}} is only known in target.request.body and target.websocket.message");
    }

    @Test
    void maxReplyBytesIsASizeInBytesWithTheUnitsPeopleWrite() throws InvalidScenarioException {
        assertThat(load("  base_url: http://h").target().maxReplyBytes()).as("default").isEqualTo(4 << 20);
        assertThat(load("  base_url: http://h\n  max_reply_bytes: 16MiB").target().maxReplyBytes()).isEqualTo(16 << 20);
        assertThat(load("  base_url: http://h\n  max_reply_bytes: 512 KiB").target().maxReplyBytes()).isEqualTo(512 << 10);
        assertThat(load("  base_url: http://h\n  max_reply_bytes: 1.5mib").target().maxReplyBytes()).isEqualTo(3 << 19);
        assertThat(load("  base_url: http://h\n  max_reply_bytes: 2MB").target().maxReplyBytes()).isEqualTo(2_000_000);
        assertThat(load("  base_url: http://h\n  max_reply_bytes: 65536").target().maxReplyBytes()).isEqualTo(65536);
        assertThat(errors("  base_url: http://h\n  max_reply_bytes: 1GiB")).containsExactly("4:20 target.max_reply_bytes:"
                + " '1GiB' is out of range: write a size between 1 KiB and 256 MiB");
        assertThat(errors("  base_url: http://h\n  max_reply_bytes: [4]")).singleElement().asString()
                .startsWith("4:20 target.max_reply_bytes: expected a size, got a list");
    }

    @Test
    void theTokenizerIsAutoUnlessTheScenarioNamesOne() throws InvalidScenarioException {
        assertThat(load("  base_url: http://h").target().tokenizer()).isEqualTo("auto");
        assertThat(load("  base_url: http://h\n  tokenizer: cl100k_base").target().tokenizer()).isEqualTo("cl100k_base");
        assertThat(load("  base_url: http://h\n  tokenizer: estimate").target().tokenizer()).isEqualTo("estimate");
    }
}
