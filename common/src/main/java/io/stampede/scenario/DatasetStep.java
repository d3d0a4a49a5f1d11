package io.stampede.scenario;

import java.util.List;

import io.stampede.check.Check;

/**
 * {@code from_dataset: { turns: user }}: the user's turns of the conversation the user drew
 * from the dataset, each sent in order as a turn of the target's protocol, each checked with
 * this step's checks (the dataset's recorded reply is the turn's expected reply). All turns are
 * measured under this step's name. {@code firstOnly}: only the first user turn
 * ({@code turns: first}), as single-prompt benchmarks send.
 */
public record DatasetStep(
        String name,
        boolean firstOnly,
        List<Check> checks,
        FailurePolicy onFailure,
        Position position) implements Step {

    @Override
    public boolean isMultiTurn() {
        return true;
    }
}
