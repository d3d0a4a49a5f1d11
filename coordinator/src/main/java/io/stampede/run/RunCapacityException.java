package io.stampede.run;

/** A run was refused because it does not fit the workers there are (the API answers 409); the message gives the numbers. */
public final class RunCapacityException extends RuntimeException {
    public RunCapacityException(String message) {
        super(message, null, false, false);
    }
}
