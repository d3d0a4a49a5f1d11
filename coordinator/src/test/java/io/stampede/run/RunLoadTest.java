package io.stampede.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioError;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;

/**
 * The overrides a run is refused for before anything starts, each with the option it names and
 * what to do, and the users over the coordinator's limit; what fits goes through.
 */
class RunLoadTest {
    private static final RunOverrides NONE = new RunOverrides(null, null, null, null);

    @Test
    void overridesThatFitTheScenarioGoThrough() throws Exception {
        Scenario closed = scenario("{users: 2, duration: 5s, warmup: 1s}");
        RunLoad.check(closed, new RunOverrides(3, Duration.ofSeconds(4), null, null));
        assertThat(RunLoad.of(closed, new RunOverrides(3, Duration.ofSeconds(4), null, null)).users()).isEqualTo(3);
        RunLoad.check(scenario("{arrival_rate: 2/s, duration: 5s}"), new RunOverrides(null, null, 4.0, null));
        RunLoad.check(scenario("{stages: [{duration: 2s, users: 2}]}"), NONE);
    }

    @Test
    void usersAndDurationDoNotApplyToShapedLoads() {
        assertThat(refused(scenario("{stages: [{duration: 2s, users: 2}]}"), new RunOverrides(3, Duration.ofSeconds(4), null, null)))
                .extracting(ScenarioError::path, ScenarioError::message)
                .containsExactly(
                        tuple("--users",
                                "does not apply to a scenario with stages or arrival_rate: change the scenario instead"),
                        tuple("--duration",
                                "does not apply to a scenario with stages: change the stages instead"));
        assertThat(refused(scenario("{arrival_rate: 2/s, duration: 5s}"), new RunOverrides(3, null, null, null)))
                .extracting(ScenarioError::path).containsExactly("--users");
    }

    @Test
    void aDurationThatLeavesNothingAfterTheWarmupIsRefused() {
        assertThat(refused(scenario("{users: 2, duration: 10s, warmup: 3s}"), new RunOverrides(null, Duration.ofSeconds(3), null, null)))
                .extracting(ScenarioError::path, ScenarioError::message)
                .containsExactly(tuple("--duration",
                        "leaves nothing to measure after the scenario's warmup of 3s: run longer than that"));
    }

    @Test
    void anArrivalRateOnlyFitsAnOpenModelWithoutStagesAndMustBePositive() {
        assertThat(refused(scenario("{users: 2, duration: 5s}"), new RunOverrides(null, null, 4.0, null)))
                .extracting(ScenarioError::path).containsExactly("arrival_rate");
        assertThat(refused(scenario("{arrival_rate: 2/s, duration: 5s}"), new RunOverrides(null, null, 0.0, null)))
                .extracting(ScenarioError::message).containsExactly("must be more than 0 per second");
    }

    @Test
    void noUsersIsRefused() {
        assertThat(refused(scenario("{users: 2, duration: 5s}"), new RunOverrides(0, null, null, null)))
                .extracting(ScenarioError::path, ScenarioError::message)
                .containsExactly(tuple("--users", "must be at least 1"));
    }

    @Test
    void usersOverTheCoordinatorsLimitAreRefusedWithWhatToDo() throws Exception {
        Scenario scenario = scenario("{users: 50, duration: 5s}");
        RunLoad.checkUsers(RunLoad.of(scenario, NONE), 50);
        assertThatThrownBy(() -> RunLoad.checkUsers(RunLoad.of(scenario, NONE), 49))
                .isInstanceOfSatisfying(InvalidScenarioException.class, e -> assertThat(e.errors())
                        .extracting(ScenarioError::path, ScenarioError::message)
                        .containsExactly(tuple("load.users",
                                "50 users is more than the 49 users per run this coordinator allows (--max-users):"
                                        + " run fewer users, or ask its operator")));
    }

    private static List<ScenarioError> refused(Scenario scenario, RunOverrides overrides) {
        try {
            RunLoad.check(scenario, overrides);
        } catch (InvalidScenarioException e) {
            return e.errors();
        }
        throw new AssertionError("not refused: " + overrides);
    }

    private static Scenario scenario(String load) {
        try {
            return ScenarioLoader.load(new ScenarioSource("scenario: s\ntarget: {base_url: http://127.0.0.1:9}\nload: " + load
                    + "\nsteps: [{send: hi}]\n", "s.yaml", null, Map.of(), null));
        } catch (InvalidScenarioException e) {
            throw new AssertionError(e.errors().toString(), e);
        }
    }
}
