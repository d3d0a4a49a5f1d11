package io.stampede.scenario;

import java.util.Optional;

import io.stampede.check.Check;
import io.stampede.check.Observation;
import io.stampede.template.Template;

/**
 * {@code judge: { rubric: "…", pass_if: ">= 4", scale: 1..5 }}: an LLM scores the reply (or,
 * {@code of: conversation}, the whole conversation so far) against the rubric. It is
 * {@link #deferred()}: the worker asks the judge model and decides it after the step's other
 * checks, so {@link #verify} is never called. A judge that cannot answer (a timeout, an error,
 * a score it cannot read or outside the scale) leaves the check <em>not evaluated</em>, with the
 * reason, never passed.
 *
 * @param rubric         what the judge looks for; a template ({@code {{expected_reply}}}, {@code {{user_profile}}}…)
 * @param endpoint       the judge model
 * @param ofConversation judge the conversation so far rather than this reply
 * @param concurrency    judge calls at once per worker
 */
public record JudgeCheck(Template rubric, Target endpoint, PassIf passIf, int scaleMin, int scaleMax, boolean ofConversation,
                         int concurrency) implements Check {
    public static final String KIND = "judge";
    public static final int DEFAULT_CONCURRENCY = 16;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Reads reads() {
        return Reads.TEXT; // the judge is shown the reply
    }

    @Override
    public boolean deferred() {
        return true;
    }

    @Override
    public Optional<String> verify(Observation observation) {
        throw new UnsupportedOperationException("a judge check is decided by the worker's judge, not here");
    }

    /** Failures group by the rubric's verdict, not by the score seen. */
    @Override
    public String reason(String detail) {
        return Check.beforeValue(detail);
    }
}
