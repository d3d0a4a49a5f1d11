package io.stampede.otlp;

/** A request the receiver refuses, with the HTTP status and a sentence saying what was wrong. */
public final class BadPayload extends Exception {
    private final int status;

    BadPayload(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
