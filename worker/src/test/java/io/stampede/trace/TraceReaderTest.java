package io.stampede.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.json.Json;

class TraceReaderTest {

    @Test
    void everyCommonSpellingOfTheFieldsIsRead() throws IOException {
        List<TraceNode> nodes = TraceReader.read(recordedTrace("odd-spellings.json"));

        assertThat(nodes).containsExactly(
                new TraceNode("llm_call", "plan", true, 120_500, 321, null),
                new TraceNode("tool_call", "lookup_order", false, 45_000, 0, "status failed"),
                new TraceNode("rag", "kb_search", true, 12_000, 0, null),
                new TraceNode("memory", "memory", true, 0, 0, null),
                new TraceNode("unknown", "mystery", false, 0, 0, "boom"),
                new TraceNode("llm_call", "compose", true, 300_000, 99, null),
                new TraceNode("tool_call", "cancel_order", false, 0, 0, "order already shipped"));
    }

    @Test
    void somethingThatIsNotATraceArrayGivesNoNodes() {
        assertThat(TraceReader.read(null)).isEmpty();
        assertThat(TraceReader.read("trace")).isEmpty();
        assertThat(TraceReader.read(Map.of("node", "llm_call"))).isEmpty();
        assertThat(TraceReader.read(List.of())).isEmpty();
    }

    @Test
    void aHugeTraceIsCutAtTheBound() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            entries.add(Map.of("node", "llm_call", "latency_ms", 1));
        }

        assertThat(TraceReader.read(entries)).hasSize(1_000);
    }

    private static Object recordedTrace(String name) throws IOException {
        try (InputStream in = TraceReaderTest.class.getResourceAsStream("/trace/" + name)) {
            return ((Map<?, ?>) Json.parse(in.readAllBytes())).get("trace");
        }
    }
}
