package io.stampede.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.stampede.wire.NodeEvent;

/**
 * A bounded, uniform sample of one interval's events (reservoir sampling), with failures kept
 * in their own reservoir so a rare failure is not drowned by a million successes. The caller
 * asks for a slot first and builds the event only when it gets one, so unsampled events
 * allocate nothing.
 *
 * <p>Not thread-safe: one per lane, and one per run for the agent's own spans on the coordinator
 * (there under the run's lock).
 */
public final class EventSampler {
    private final Reservoir ok;
    private final Reservoir failed;

    public EventSampler(int okPerInterval, int failedPerInterval, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.ok = new Reservoir(okPerInterval, random);
        this.failed = new Reservoir(failedPerInterval, random.split());
    }

    /** A slot for the next event, or -1 when it is not sampled. */
    public int slot(boolean isFailure) {
        return (isFailure ? failed : ok).slot();
    }

    public void put(boolean isFailure, int slot, NodeEvent event) {
        (isFailure ? failed : ok).put(slot, event);
    }

    /** This interval's sample, in time order; starts the next interval. */
    public List<NodeEvent> drain() {
        List<NodeEvent> out = new ArrayList<>(ok.size() + failed.size());
        ok.drainTo(out);
        failed.drainTo(out);
        out.sort((a, b) -> Long.compare(a.ts(), b.ts()));
        return out;
    }

    private static final class Reservoir {
        private final NodeEvent[] events;
        private final SplittableRandom random;
        private long seen;

        Reservoir(int size, SplittableRandom random) {
            this.events = new NodeEvent[size];
            this.random = random;
        }

        int slot() {
            long n = seen++;
            if (n < events.length) {
                return (int) n;
            }
            long j = random.nextLong(n + 1);
            return j < events.length ? (int) j : -1;
        }

        void put(int slot, NodeEvent event) {
            events[slot] = event;
        }

        int size() {
            return (int) Math.min(seen, events.length);
        }

        void drainTo(List<NodeEvent> out) {
            for (int i = 0; i < size(); i++) {
                if (events[i] != null) {
                    out.add(events[i]);
                }
                events[i] = null;
            }
            seen = 0;
        }
    }
}
