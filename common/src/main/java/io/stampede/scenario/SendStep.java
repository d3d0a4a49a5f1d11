package io.stampede.scenario;

import java.util.List;

import io.stampede.check.Check;
import io.stampede.template.Template;

/**
 * {@code send: "..."}: one conversation turn, sent with the target's protocol. The driver keeps
 * the conversation per user (history, conversation id). {@code turn} counts sends from 1.
 */
public record SendStep(
        String name,
        int turn,
        Template message,
        List<Check> checks,
        List<Extraction> extractions,
        FailurePolicy onFailure,
        Position position) implements Step {
}
