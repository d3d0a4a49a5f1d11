package io.stampede.check;

import java.util.ArrayList;
import java.util.List;

import io.stampede.json.Json;

/** Builds the {@link Observation} a check sees, starting from a plain 200 with no body. */
final class Seen {
    private int status = 200;
    private String body = "";
    private Object json;
    private String reply;
    private String intent;
    private final List<ToolCall> tools = new ArrayList<>();
    private long latencyMicros = 1_000;
    private long ttftMicros = -1;
    private Usage usage = Usage.NONE;
    private String finishReason;

    static Seen response() {
        return new Seen();
    }

    Seen status(int status) {
        this.status = status;
        return this;
    }

    Seen body(String body) {
        this.body = body;
        return this;
    }

    /** A JSON body, parsed as the drivers parse it. */
    Seen json(String text) {
        this.body = text;
        this.json = Json.parse(text);
        return this;
    }

    Seen reply(String reply) {
        this.reply = reply;
        return this;
    }

    Seen intent(String intent) {
        this.intent = intent;
        return this;
    }

    Seen tools(String... names) {
        for (String n : names) {
            tools.add(new ToolCall(n, null));
        }
        return this;
    }

    Seen latencyMicros(long micros) {
        this.latencyMicros = micros;
        return this;
    }

    Seen ttftMicros(long micros) {
        this.ttftMicros = micros;
        return this;
    }

    Seen outputTokens(long tokens) {
        this.usage = new Usage(10, tokens, 0, 0, true);
        return this;
    }

    Seen finishReason(String reason) {
        this.finishReason = reason;
        return this;
    }

    Observation get() {
        return new Observation(status, body, json, reply, intent, tools, latencyMicros, ttftMicros, usage, finishReason);
    }
}
