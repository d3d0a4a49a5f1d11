package io.stampede.wire;

/**
 * Coordinator → worker: stop the run's load. {@code graceful}: let conversations in flight
 * finish within the scenario's graceful stop; else interrupt them now.
 */
public record StopRun(int v, String runId, String reason, boolean graceful) implements WireMessage {
}
