package io.stampede.run;

import java.util.ArrayList;
import java.util.List;

import io.stampede.aggregate.RunAggregator;
import io.stampede.aggregate.SecondStats;
import io.stampede.feed.FeedPayloads;
import io.stampede.metrics.Counters;
import io.stampede.results.Summary;
import io.stampede.wire.NodeEvent;

/**
 * What one run tells its live feed, in the feed's own records: status changes, progress and
 * the node-event sample once a second, each closed second's metrics, workers joining and
 * leaving, and the end. Lives on the coordinator's context.
 */
final class LiveFeed {
    private static final int EVENTS_PER_SECOND = 50;

    private final Run run;
    /** Events for the next {@code event} message: a bounded sample of one second. */
    private final List<NodeEvent> events = new ArrayList<>();

    LiveFeed(Run run) {
        this.run = run;
    }

    void status(RunStatus status) {
        run.feed().publish("status", FeedPayloads.Status.of(run.id(), status.wireName()));
    }

    void started(long startAtMs, int slices) {
        run.feed().publish("status", new FeedPayloads.Status(run.id(), RunStatus.RUNNING.wireName(), startAtMs, slices, null));
    }

    void stopping(String reason) {
        run.feed().publish("status", new FeedPayloads.Status(run.id(), RunStatus.STOPPING.wireName(), null, null, reason));
    }

    /** Keeps up to a second's share of a report's events for the next {@link #tick}. */
    void sample(List<NodeEvent> reported) {
        for (NodeEvent e : reported) {
            if (events.size() >= EVENTS_PER_SECOND) {
                return;
            }
            events.add(e);
        }
    }

    void second(SecondStats second, boolean degraded) {
        run.feed().publish("metrics", FeedPayloads.Metrics.of(run.id(), second, degraded));
    }

    /** Once a second: the progress figures (kept on the run too) and the events sampled since the last tick. */
    void tick(RunAggregator aggregator, long startAtMs, long now) {
        FeedPayloads.Progress progress = progress(aggregator, startAtMs, now);
        run.progress(progress);
        run.feed().publish("progress", progress);
        if (!events.isEmpty()) {
            run.feed().publish("event", new FeedPayloads.Events(run.id(), List.copyOf(events)));
            events.clear();
        }
    }

    private FeedPayloads.Progress progress(RunAggregator aggregator, long startAtMs, long now) {
        Counters c = aggregator.runningCounters();
        SecondStats last = aggregator.lastSecond();
        long elapsed = Math.max(0, now - startAtMs);
        double percent = RunLoad.percent(run.load(), elapsed, c.conversationsCompleted() + c.conversationsInterrupted);
        return new FeedPayloads.Progress(run.id(), run.status().wireName(), elapsed / 1000.0, Math.round(percent * 10) / 10.0,
                run.load().users(), aggregator.activeUsers(), c.usersStarted, c.usersFinished, aggregator.runningRequests(),
                aggregator.runningErrors(), c.conversationsSucceeded, c.conversationsFailed,
                last == null ? 0 : last.requests(), last == null ? 0 : last.latency().p95(), aggregator.runningGood());
    }

    void worker(String event, String workerId, String policy, Integer usersUnfinished) {
        run.feed().publish("worker", new FeedPayloads.Worker(run.id(), event, workerId, System.currentTimeMillis(), policy,
                usersUnfinished));
    }

    /** The last messages: the final status, then {@code done} with the summary; the feed closes. */
    void done(RunStatus status, String reason, Summary summary) {
        status(status);
        run.feed().publish("done", new FeedPayloads.Done(run.id(), status.wireName(), reason, summary));
        run.feed().close();
    }
}
