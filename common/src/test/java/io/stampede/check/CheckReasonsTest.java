package io.stampede.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Reports group failures by reason: failures of one kind must share one reason whatever value
 * each saw, or a step's failure table fills with one line per request.
 */
class CheckReasonsTest {
    private static Observation seen(long latencyMicros, String reply, long outputTokens) {
        return new Observation(200, reply, null, reply, null, List.of(), latencyMicros, latencyMicros / 2,
                new Usage(10, outputTokens, 0, 0, true), "stop");
    }

    private static Set<String> reasons(Check check, List<Observation> observations) {
        Set<String> reasons = new HashSet<>();
        for (Observation o : observations) {
            check.verify(o).ifPresent(detail -> reasons.add(check.reason(detail)));
        }
        return reasons;
    }

    @Test
    void failuresOfOneKindGroupUnderOneReasonWhateverTheValueSeen() {
        List<Observation> slowAndChatty = List.of(seen(3_100_000, "first answer", 600), seen(4_250_000, "another one", 900),
                seen(9_999_000, "and a third", 1200));

        assertThat(reasons(Checks.create("max_latency", new CheckArgument("3s")), slowAndChatty)).containsExactly("latency over 3000ms");
        assertThat(reasons(Checks.create("ttft", new CheckArgument("1s")), slowAndChatty))
                .containsExactly("time to first token over 1000ms");
        assertThat(reasons(Checks.create("max_tokens", new CheckArgument(500L)), slowAndChatty)).containsExactly("output tokens over 500");
        assertThat(reasons(Checks.create("response_contains", new CheckArgument(List.of("退款"))), slowAndChatty))
                .containsExactly("reply does not contain \"退款\"");
        assertThat(reasons(Checks.create("response_matches", new CheckArgument("步骤\\s*1")), slowAndChatty))
                .containsExactly("reply does not match /步骤\\s*1/");
    }

    @Test
    void theDetailStillSaysWhatWasSeen() {
        Check check = Checks.create("max_latency", new CheckArgument("3s"));

        assertThat(check.verify(seen(3_100_000, "", 0))).hasValue("latency 3100ms over 3000ms");
    }

    @Test
    void aJsonPathReasonNamesTheExpectedValueNotTheActualOne() {
        Check check = Checks.create("json_path", new CheckArgument(Map.of("$.status", "shipped")));
        Observation lost = new Observation(200, "", Map.of("status", "lost"), null, null, List.of(), 0, -1, Usage.NONE, null);
        Observation late = new Observation(200, "", Map.of("status", "late"), null, null, List.of(), 0, -1, Usage.NONE, null);

        assertThat(reasons(check, List.of(lost, late))).containsExactly("$.status is not shipped");
    }
}
