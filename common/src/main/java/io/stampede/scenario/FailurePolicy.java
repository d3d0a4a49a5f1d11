package io.stampede.scenario;

/** What a virtual user does after a failed step ({@code on_failure}). */
public enum FailurePolicy {
    /** Go on with the next step of the conversation (the default). */
    CONTINUE("continue"),
    /** Abandon this conversation and start the next iteration. */
    STOP_CONVERSATION("stop_conversation"),
    /** The user stops for the rest of the run. */
    STOP_USER("stop_user");

    private final String yamlName;

    FailurePolicy(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
