package io.stampede.cli;

/** Exit codes of {@code run} (README.md, exit codes); CI depends on them. */
final class ExitCodes {
    /** Finished and every threshold holds. */
    static final int OK = 0;
    /** Finished, a threshold failed. */
    static final int THRESHOLD_FAILED = 1;
    /** The scenario is invalid; nothing was started. */
    static final int INVALID = 2;
    /** The run could not be carried out (no worker, target down at start, aborted, …). */
    static final int NOT_CARRIED_OUT = 3;

    private ExitCodes() {
    }
}
