package io.stampede.run;

/** A run was refused because the coordinator is at one of its limits (the API answers 429); the message says which. */
public final class RunLimitException extends RuntimeException {
    public RunLimitException(String message) {
        super(message, null, false, false);
    }
}
