package io.stampede.scenario;

/** What the coordinator does with a lost worker's unfinished users ({@code on_worker_loss}). */
public enum WorkerLossPolicy {
    REDISTRIBUTE("redistribute"),
    CONTINUE("continue"),
    ABORT("abort");

    private final String yamlName;

    WorkerLossPolicy(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
