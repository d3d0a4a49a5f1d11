package io.stampede.scenario;

import java.util.Arrays;
import java.util.Optional;

/** How a {@code send} step reaches the agent ({@code target.protocol}). */
public enum Protocol {
    HTTP("http"),
    OPENAI("openai"),
    OPENAI_RESPONSES("openai-responses"),
    ANTHROPIC("anthropic"),
    VERCEL_UI("vercel-ui"),
    SSE("sse"),
    WEBSOCKET("websocket");

    private final String yamlName;

    Protocol(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<Protocol> byName(String name) {
        return Arrays.stream(values()).filter(p -> p.yamlName.equals(name)).findFirst();
    }
}
