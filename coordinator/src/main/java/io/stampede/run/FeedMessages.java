package io.stampede.run;

import java.util.LinkedHashMap;
import java.util.Map;

import io.stampede.aggregate.RunAggregator;
import io.stampede.aggregate.SecondStats;
import io.stampede.metrics.Counters;

/** The data of the feed's {@code progress} and {@code metrics} events, in one place. */
final class FeedMessages {
    private FeedMessages() {
    }

    static Map<String, Object> progress(Run run, RunAggregator aggregator, long startAtMs, long now) {
        Counters c = aggregator.runningCounters();
        SecondStats last = aggregator.lastSecond();
        long elapsed = Math.max(0, now - startAtMs);
        double percent = run.plan().percent(elapsed, c.conversationsCompleted() + c.conversationsInterrupted);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("run_id", run.id());
        progress.put("status", run.status().wireName());
        progress.put("elapsed_s", elapsed / 1000.0);
        progress.put("percent", Math.round(percent * 10) / 10.0);
        progress.put("users_target", run.plan().users());
        progress.put("users_active", aggregator.activeUsers());
        progress.put("users_started", c.usersStarted);
        progress.put("users_finished", c.usersFinished);
        progress.put("requests", aggregator.runningRequests());
        progress.put("errors", aggregator.runningErrors());
        progress.put("conversations_succeeded", c.conversationsSucceeded);
        progress.put("conversations_failed", c.conversationsFailed);
        progress.put("rps", last == null ? 0 : last.requests());
        progress.put("p95_ms", last == null ? 0 : last.latency().p95());
        return progress;
    }

    static Map<String, Object> metrics(Run run, SecondStats second) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("run_id", run.id());
        metrics.put("second", second.second());
        metrics.put("time_ms", second.timeMs());
        metrics.put("users_active", second.activeUsers());
        metrics.put("requests", second.requests());
        metrics.put("errors", second.errors());
        metrics.put("latency_ms", second.latency());
        metrics.put("tokens", second.inputTokens() + second.outputTokens());
        metrics.put("keys", second.keys());
        return metrics;
    }
}
