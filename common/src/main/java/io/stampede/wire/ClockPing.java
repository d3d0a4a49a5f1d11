package io.stampede.wire;

/**
 * Clock probe: the coordinator sends it with its time, the worker answers with the same record
 * carrying its own time in {@code workerMs}. From the round trip the coordinator estimates the
 * worker's clock offset and starts every slice at the same instant.
 */
public record ClockPing(int v, long coordinatorMs, long workerMs) implements WireMessage {
}
