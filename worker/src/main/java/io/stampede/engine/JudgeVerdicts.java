package io.stampede.engine;

import io.stampede.assist.JudgeVerdict;

/** Verdicts the engine gives itself, without asking the judge: the check cannot be judged here. */
final class JudgeVerdicts {
    private JudgeVerdicts() {
    }

    static JudgeVerdict notEvaluated(String why) {
        return new JudgeVerdict(null, null, why, "", false, 0, 0);
    }
}
