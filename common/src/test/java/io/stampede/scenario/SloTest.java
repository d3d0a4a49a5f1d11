package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code slo:}, {@code load.repeat} and the goodput thresholds as the loader reads them. */
class SloTest {
    @Test
    void everyObjectiveIsReadInItsUnit() throws InvalidScenarioException {
        Scenario s = Scenarios.load("valid/slo-repeat.yaml");

        assertThat(s.slo().turn()).isEqualTo(new Slo.Turn(2000.0, 800.0, 200.0, 50.0, 500L));
        assertThat(s.slo().conversation()).isEqualTo(new Slo.Conversation(20_000.0, 1000.0, 4000L, 0.01));
        assertThat(s.load().repeat()).isEqualTo(4);
        assertThat(s.thresholds()).extracting(Threshold::measure, Threshold::value).containsExactly(
                tuple(Threshold.Measure.GOODPUT, 95.0), tuple(Threshold.Measure.GOODPUT_RATE, 1.0),
                tuple(Threshold.Measure.COST_PER_GOOD_CONVERSATION, 0.02));
    }

    @Test
    void withoutSloNothingButTheChecksDecides() throws InvalidScenarioException {
        assertThat(Scenarios.load("valid/minimal.yaml").slo()).isEqualTo(Slo.NONE);
        assertThat(Scenarios.load("valid/minimal.yaml").load().repeat()).isEqualTo(1);
    }

    @Test
    void mistakesInSloAreReportedWithWhatToWrite() {
        List<ScenarioError> errors = Scenarios.errors("errors/slo-mistakes.yaml");

        assertThat(errors).extracting(ScenarioError::path).containsExactly("slo.turn.latency", "slo.turn.ttf",
                "slo.conversation.cost", "load.repeat");
        assertThat(errors.get(0).message()).contains("has no unit");
        assertThat(errors.get(1).message()).contains("did you mean 'ttft'");
        assertThat(errors.get(2).message()).contains("needs the price of the target's model");
        assertThat(errors.get(3).message()).contains("20");
    }
}
