package io.stampede.wire;

import java.util.ArrayList;
import java.util.List;

import io.stampede.metrics.Counters;
import io.stampede.metrics.HistogramCodec;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;

/** A {@link MetricsSnapshot} on the wire. Keys with nothing recorded are left out. */
public record SnapshotPayload(
        List<KeyPayload> keys,
        long usersStarted,
        long usersFinished,
        long conversationsStarted,
        long conversationsSucceeded,
        long conversationsFailed,
        long conversationsInterrupted,
        long arrivalsDropped,
        long arrivalsLate) {

    public static SnapshotPayload of(MetricsSnapshot snapshot) {
        List<KeyPayload> keys = new ArrayList<>();
        snapshot.keys().forEach((name, s) -> {
            if (s.count() > 0 || !s.failures().isEmpty()) { // a check never judged may still say why
                keys.add(new KeyPayload(name, HistogramCodec.encode(s.latency()), s.count(), s.errors(),
                        s.inputTokens(), s.outputTokens(), s.failures(), s.reasoningTokens(), s.cachedTokens(),
                        s.turnsReported(), s.turnsCounted()));
            }
        });
        Counters c = snapshot.counters();
        return new SnapshotPayload(keys, c.usersStarted, c.usersFinished, c.conversationsStarted,
                c.conversationsSucceeded, c.conversationsFailed, c.conversationsInterrupted, c.arrivalsDropped, c.arrivalsLate);
    }

    /** @throws IllegalArgumentException when a histogram does not decode */
    public MetricsSnapshot toSnapshot() {
        MetricsSnapshot snapshot = new MetricsSnapshot();
        for (KeyPayload k : keys) {
            snapshot.put(k.key(), KeyStats.of(HistogramCodec.decode(k.histogram()), k.count(), k.errors(),
                    k.inputTokens(), k.outputTokens(), k.reasoningTokens(), k.cachedTokens(), k.turnsReported(),
                    k.turnsCounted(), k.failures() == null ? java.util.Map.of() : k.failures()));
        }
        Counters c = snapshot.counters();
        c.usersStarted = usersStarted;
        c.usersFinished = usersFinished;
        c.conversationsStarted = conversationsStarted;
        c.conversationsSucceeded = conversationsSucceeded;
        c.conversationsFailed = conversationsFailed;
        c.conversationsInterrupted = conversationsInterrupted;
        c.arrivalsDropped = arrivalsDropped;
        c.arrivalsLate = arrivalsLate;
        return snapshot;
    }
}
