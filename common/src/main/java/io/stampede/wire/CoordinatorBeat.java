package io.stampede.wire;

/**
 * The coordinator is alive. A worker that hears no beat from the coordinator of its runs for
 * a few seconds stops their load: a load generator never runs away.
 */
public record CoordinatorBeat(int v, String coordinatorId, long sentAtMs) implements WireMessage {
}
