package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.scenario.SpanMapping.Condition.Op;

/** target.spans: which of the agent's own spans become which node. */
class SpanMappingTest {

    private static Scenario load(String spans) throws InvalidScenarioException {
        return ScenarioLoader.load(new ScenarioSource(text(spans), "t.yaml", null, Map.of(), null));
    }

    private static String text(String spans) {
        return "scenario: t\ntarget:\n  base_url: http://h\n" + spans + "\nsteps:\n  - send: hi\n";
    }

    private static List<String> errors(String spans) {
        return ScenarioLoader.validate(new ScenarioSource(text(spans), "t.yaml", null, Map.of(), null)).stream()
                .map(ScenarioError::toString).toList();
    }

    @Test
    void withoutSpansTheConventionsAloneApplyAndNoSpansAreExpected() throws Exception {
        SpanMapping spans = load("").target().spans();
        assertThat(spans.rules()).isEmpty();
        assertThat(spans.declared()).isFalse();
    }

    @Test
    void rulesAreReadInTheOrderWrittenWithEveryOperatorAndQuotedValues() throws Exception {
        SpanMapping spans = load("  spans:\n    llm_call: \"gen_ai.operation.name == chat\"\n"
                + "    rag: [\"name ~ retriev\", \"db.system.name == 'qdrant' && kind != client\"]\n"
                + "    memory: app.memory").target().spans();
        assertThat(spans.declared()).isTrue();
        assertThat(spans.rules()).extracting(SpanMapping.Rule::node).containsExactly("llm_call", "rag", "rag", "memory");
        assertThat(spans.rules().get(2).conditions()).extracting(SpanMapping.Condition::field, SpanMapping.Condition::op,
                SpanMapping.Condition::value).containsExactly(tuple("db.system.name", Op.EQUALS, "qdrant"),
                tuple("kind", Op.NOT_EQUALS, "client"));
        assertThat(spans.rules().get(1).conditions().get(0).pattern().matcher("VectorRetriever").find()).isFalse();
        assertThat(spans.rules().get(1).conditions().get(0).pattern().matcher("retriever").find()).isTrue();
        assertThat(spans.rules().get(3).conditions()).singleElement().extracting(SpanMapping.Condition::op).isEqualTo(Op.EXISTS);
    }

    @Test
    void anEmptyMappingStillSaysTheAgentSendsSpans() throws Exception {
        assertThat(load("  spans: {}").target().spans().declared()).isTrue();
    }

    @Test
    void badRulesAreErrorsAtTheirLineThatSayWhatToWrite() {
        assertThat(errors("  spans:\n    llm_call: \"gen_ai.operation.name = chat\"")).singleElement().asString()
                .startsWith("5:15 target.spans.llm_call: 'gen_ai.operation.name = chat' is not a condition: write field == value");
        assertThat(errors("  spans:\n    rag: \"name ~ (retriev\"")).singleElement().asString()
                .startsWith("5:10 target.spans.rag: '(retriev' is not a regular expression");
        assertThat(errors("  spans:\n    \"llm call\": chat")).singleElement().asString()
                .contains("target.spans.llm call: 'llm call' cannot name a node");
        assertThat(errors("  spans:\n    tool: [\"gen_ai.tool.name\", \"&& x\"]")).singleElement().asString()
                .startsWith("5:32 target.spans.tool[1]: '&& x' has an empty condition");
        assertThat(errors("  spans: [llm_call]")).singleElement().asString()
                .startsWith("4:10 target.spans: expected a mapping");
    }
}
