package io.stampede.engine;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a coordinator answers this worker's heartbeats, said in the log. A worker that joined
 * the cluster but cannot reach a coordinator's event bus (one node with TLS, the other without;
 * a firewall between the bus ports) is otherwise silent on both sides: it says "up" and never
 * gets load. After {@link #SILENCE_MS} without an answer it says why that may be; once answered
 * again, that it is. A coordinator's refusal (its id is taken) is logged once per reason.
 *
 * <p>On the worker's context only.
 */
final class CoordinatorContact {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorContact.class);
    static final long SILENCE_MS = 10_000;

    private final String workerId;
    private final Set<String> refusals = new HashSet<>();
    private long lastAnswerMs;
    private boolean warned;

    CoordinatorContact(String workerId, long startedAtMs) {
        this.workerId = workerId;
        this.lastAnswerMs = startedAtMs;
    }

    void answered(long nowMs) {
        if (warned) {
            LOG.info("worker {}: a coordinator answers its heartbeats again", workerId);
        }
        warned = false;
        lastAnswerMs = nowMs;
    }

    /** A heartbeat went unanswered ({@code refusal} null) or a coordinator refused it, saying why. */
    void unanswered(long nowMs, String refusal) {
        if (refusal != null) {
            if (refusals.size() < 100 && refusals.add(refusal)) {
                LOG.warn("worker {}: the coordinator refuses it: {}", workerId, refusal);
            }
            return;
        }
        if (!warned && nowMs - lastAnswerMs >= SILENCE_MS) {
            warned = true;
            LOG.warn("worker {}: no coordinator has answered its heartbeats for {} s. Either none is up yet (the worker"
                    + " waits for one), or the event bus cannot reach it: every node needs the same --bus-keystore (TLS) and"
                    + " the same cluster secret, and the event-bus ports must be open between the nodes", workerId,
                    (nowMs - lastAnswerMs) / 1000);
        }
    }
}
