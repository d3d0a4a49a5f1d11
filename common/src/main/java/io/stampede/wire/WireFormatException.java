package io.stampede.wire;

/** A message that cannot be decoded; the receiver drops it and logs once, it never crashes. */
public final class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }
}
