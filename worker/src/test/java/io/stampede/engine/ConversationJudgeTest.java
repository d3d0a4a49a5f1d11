package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.stampede.check.Usage;
import io.stampede.metrics.KeyStats;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.TokenTiming;
import io.stampede.recording.EventSampler;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.Pricing;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.Slo;

/**
 * Each objective of {@code slo:} against one conversation of known timings: held at (or above) the
 * value measured, the conversation is good; below it, not good, with the objective and the step as
 * its reason. The conversation, two streamed turns (ms from the first intended send):
 *
 * <pre>
 *   ask        sent 0,    first token 300,  end 1000, gaps 50 and 120, 100 in / 11 out → TPOT 70
 *   follow_up  sent 1500, first token 2000, end 2700, gaps 80 and 200, 200 in / 8 out → TPOT 100
 *   conversation: time to resolution 2700, worst TTFT 500, 319 tokens, cost 0.00357 at 10/30 per 1M
 * </pre>
 */
class ConversationJudgeTest {
    private static final long T0 = 5_000_000_000L; // nanoTime of the first intended send
    private static final Pricing PRICING = new Pricing(10, 30);

    static Stream<Arguments> objectives() {
        return Stream.of(
                // objective, limit held, reason when exceeded
                Arguments.of("turn.latency 1200ms", turn(1200.0, null, null, null, null), null),
                Arguments.of("turn.latency 1100ms", turn(1100.0, null, null, null, null), "slo turn.latency > 1100ms at follow_up"),
                Arguments.of("turn.latency 900ms", turn(900.0, null, null, null, null), "slo turn.latency > 900ms at ask"),
                Arguments.of("turn.ttft 500ms", turn(null, 500.0, null, null, null), null),
                Arguments.of("turn.ttft 400ms", turn(null, 400.0, null, null, null), "slo turn.ttft > 400ms at follow_up"),
                Arguments.of("turn.ttft 250ms", turn(null, 250.0, null, null, null), "slo turn.ttft > 250ms at ask"),
                Arguments.of("turn.itl 200ms", turn(null, null, 200.0, null, null), null),
                Arguments.of("turn.itl 150ms", turn(null, null, 150.0, null, null), "slo turn.itl > 150ms at follow_up"),
                Arguments.of("turn.itl 100ms", turn(null, null, 100.0, null, null), "slo turn.itl > 100ms at ask"),
                Arguments.of("turn.tpot 100ms", turn(null, null, null, 100.0, null), null),
                Arguments.of("turn.tpot 90ms", turn(null, null, null, 90.0, null), "slo turn.tpot > 90ms at follow_up"),
                Arguments.of("turn.tpot 60.5ms", turn(null, null, null, 60.5, null), "slo turn.tpot > 60.5ms at ask"),
                Arguments.of("turn.tokens 11", turn(null, null, null, null, 11L), null),
                Arguments.of("turn.tokens 10", turn(null, null, null, null, 10L), "slo turn.tokens > 10 at ask"),
                Arguments.of("turn.tokens 5", turn(null, null, null, null, 5L), "slo turn.tokens > 5 at ask"),
                Arguments.of("conversation.time_to_resolution 2700ms", conversation(2700.0, null, null, null), null),
                Arguments.of("conversation.time_to_resolution 2s", conversation(2000.0, null, null, null),
                        "slo conversation.time_to_resolution > 2s"),
                Arguments.of("conversation.worst_turn_ttft 500ms", conversation(null, 500.0, null, null), null),
                Arguments.of("conversation.worst_turn_ttft 450ms", conversation(null, 450.0, null, null),
                        "slo conversation.worst_turn_ttft > 450ms"),
                Arguments.of("conversation.tokens 319", conversation(null, null, 319L, null), null),
                Arguments.of("conversation.tokens 318", conversation(null, null, 318L, null), "slo conversation.tokens > 318"),
                Arguments.of("conversation.cost 0.004", conversation(null, null, null, 0.004), null),
                Arguments.of("conversation.cost 0.0035", conversation(null, null, null, 0.0035), "slo conversation.cost > 0.0035"),
                // Turn objectives come first: the first cause is the reason.
                Arguments.of("turn.tokens 10 and conversation.tokens 100",
                        new Slo(new Slo.Turn(null, null, null, null, 10L), new Slo.Conversation(null, null, 100L, null)),
                        "slo turn.tokens > 10 at ask"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectives")
    void eachObjectiveMakesTheConversationNotGoodWithItsReasonOnlyWhenExceeded(String name, Slo slo, String reason) {
        KeyStats conversations = judge(slo, PRICING, true);

        assertThat(conversations.count()).isEqualTo(1);
        if (reason == null) {
            assertThat(conversations.errors()).as("good").isZero();
            assertThat(conversations.failures()).isEmpty();
        } else {
            assertThat(conversations.errors()).as("not good").isEqualTo(1);
            assertThat(conversations.failures()).containsExactly(Map.entry(reason, 1L));
        }
        // Its time to resolution and tokens are recorded whatever the verdict.
        assertThat(conversations.latency().getMaxValue()).isBetween(2_690_000L, 2_710_000L);
        assertThat(conversations.inputTokens()).isEqualTo(300);
        assertThat(conversations.outputTokens()).isEqualTo(19);
    }

    @Test
    void streamObjectivesDoNotApplyToTurnsThatWereNotStreamed() {
        Slo tight = new Slo(new Slo.Turn(null, 1.0, 1.0, 1.0, null), new Slo.Conversation(null, 1.0, null, null));

        KeyStats conversations = judge(tight, PRICING, false);

        assertThat(conversations.errors()).isZero();
        // The same objectives on the streamed answers are missed.
        assertThat(judge(tight, PRICING, true).failures()).containsOnlyKeys("slo turn.ttft > 1ms at ask");
    }

    @Test
    void costIsNotJudgedWithoutPricingAndWithoutObjectivesOnlyTheStepsDecide() {
        assertThat(judge(conversation(null, null, null, 0.000001), null, true).errors()).isZero();
        assertThat(judge(Slo.NONE, PRICING, true).errors()).isZero();
    }

    private static Slo turn(Double latency, Double ttft, Double itl, Double tpot, Long tokens) {
        return new Slo(new Slo.Turn(latency, ttft, itl, tpot, tokens), Slo.Conversation.NONE);
    }

    private static Slo conversation(Double ttr, Double worstTtft, Long tokens, Double cost) {
        return new Slo(Slo.Turn.NONE, new Slo.Conversation(ttr, worstTtft, tokens, cost));
    }

    /** Runs the conversation above through a judge of {@code slo}; returns what it recorded into {@code conversation:all}. */
    private static KeyStats judge(Slo slo, Pricing pricing, boolean streamed) {
        Scenario scenario = TestScenarios.load("two-turns.yaml", Map.of());
        LaneRecorder recorder = new LaneRecorder("r1", "s0", "w1-0", new EventSampler(4, 4, 1), 0);
        StepMeta[] steps = StepMeta.of(scenario, recorder);
        KeyStats conversations = new KeyStats();
        ConversationJudge judge = new ConversationJudge(new Goodput(slo, pricing, 1, conversations, null, new KeyStats[2]), 2);

        judge.begin(1);
        judge.step(0, "ask", StepVerdict.of(steps[0], answer(0, 300, 1000, new int[] {50, 120}, 100, 11, streamed), ms(0)));
        judge.step(1, "follow_up", StepVerdict.of(steps[1], answer(1500, 2000, 2700, new int[] {80, 200}, 200, 8, streamed),
                ms(1500)));
        judge.end();
        return conversations;
    }

    private static AgentResponse answer(long sentMs, long firstTokenMs, long endMs, int[] gapsMs, long in, long out,
                                        boolean streamed) {
        int[] gapsMicros = new int[gapsMs.length];
        for (int i = 0; i < gapsMs.length; i++) {
            gapsMicros[i] = gapsMs[i] * 1000;
        }
        TokenTiming timing = streamed ? new TokenTiming(ms(firstTokenMs), gapsMicros, gapsMicros.length) : null;
        return new AgentResponse(200, "{}", null, "it ships tomorrow", null, List.of(), new Usage(in, out, 0, 0, true), "stop",
                List.of(), "c1", streamed ? ms(firstTokenMs) : -1, ms(endMs), null, timing);
    }

    private static long ms(long ms) {
        return T0 + ms * 1_000_000L;
    }
}
