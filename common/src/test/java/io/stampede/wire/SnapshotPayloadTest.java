package io.stampede.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricsSnapshot;

class SnapshotPayloadTest {

    @Test
    void aSnapshotSurvivesTheRoundTripKeyByKey() {
        MetricsSnapshot original = new MetricsSnapshot();
        KeyStats step = original.key("step:ask_refund");
        step.record(1_500, true);
        step.record(250_000, false);
        step.record(-1, false); // counted, no latency
        step.addTokens(321, 123);
        step.addFailure("intent greeting, expected refund");
        step.addFailure("HTTP 503", 4);
        original.key("node:tool_call").record(40_000, true);
        original.key("check:ask_refund/intent").record(-1, false);
        original.counters().usersStarted = 7;
        original.counters().usersFinished = 6;
        original.counters().conversationsStarted = 21;
        original.counters().conversationsSucceeded = 18;
        original.counters().conversationsFailed = 2;
        original.counters().conversationsInterrupted = 1;
        original.counters().arrivalsDropped = 4;
        original.counters().arrivalsLate = 5;

        MetricsSnapshot decoded = WireCodec.decode(WireCodec.encode(report(SnapshotPayload.of(original))), IntervalReport.class)
                .interval().toSnapshot();

        assertThat(decoded.keys()).containsOnlyKeys(original.keys().keySet());
        original.keys().forEach((key, expected) -> {
            KeyStats actual = decoded.keys().get(key);
            assertThat(actual.latency()).as(key).isEqualTo(expected.latency());
            assertThat(actual.count()).as(key).isEqualTo(expected.count());
            assertThat(actual.errors()).as(key).isEqualTo(expected.errors());
            assertThat(actual.inputTokens()).as(key).isEqualTo(expected.inputTokens());
            assertThat(actual.outputTokens()).as(key).isEqualTo(expected.outputTokens());
            assertThat(actual.failures()).as(key).isEqualTo(expected.failures());
        });
        assertThat(decoded.keys().get("step:ask_refund").count()).isEqualTo(3);
        assertThat(decoded.keys().get("step:ask_refund").latency().getTotalCount()).isEqualTo(2);
        assertThat(decoded.counters()).usingRecursiveComparison().isEqualTo(original.counters());
    }

    @Test
    void whereEachTurnsTokensCameFromTravelsWithItsKey() {
        MetricsSnapshot original = new MetricsSnapshot();
        KeyStats step = original.key("step:ask");
        step.record(1_000, true);
        step.addTokens(10, 20, true);
        step.addTokens(11, 21, false);
        step.addTokens(12, 22, false);
        step.addTokens(0, 0, false); // a failed turn: no tokens, neither reported nor counted

        KeyStats decoded = WireCodec.decode(WireCodec.encode(report(SnapshotPayload.of(original))), IntervalReport.class)
                .interval().toSnapshot().keys().get("step:ask");

        assertThat(decoded.turnsReported()).isEqualTo(1);
        assertThat(decoded.turnsCounted()).isEqualTo(2);
        assertThat(decoded.inputTokens()).isEqualTo(33);
    }

    @Test
    void aReportOfAnOlderWorkerWithoutTokenSourcesDecodesThemAsZero() {
        String older = "{\"key\":\"step:a\",\"histogram\":\"" + SnapshotPayload.of(single()).keys().get(0).histogram()
                + "\",\"count\":1,\"errors\":0,\"inputTokens\":5,\"outputTokens\":6,\"failures\":{}}";

        KeyPayload key = io.stampede.json.Json.MAPPER.convertValue(io.stampede.json.Json.parse(older), KeyPayload.class);

        assertThat(key.turnsReported()).isZero();
        assertThat(key.turnsCounted()).isZero();
        assertThat(key.inputTokens()).isEqualTo(5);
    }

    @Test
    void keysWithNothingRecordedAreLeftOut() {
        MetricsSnapshot s = new MetricsSnapshot();
        s.key("step:never_ran");
        s.key("ttft:never_streamed");
        s.key("step:ran").record(10, true);

        SnapshotPayload payload = SnapshotPayload.of(s);

        assertThat(payload.keys()).extracting(KeyPayload::key).containsExactly("step:ran");
    }

    @Test
    void aPayloadWithoutFailureMapStillDecodes() {
        KeyPayload key = SnapshotPayload.of(single()).keys().get(0);
        SnapshotPayload payload = new SnapshotPayload(List.of(new KeyPayload(key.key(), key.histogram(), 1, 0, 0, 0, null)),
                0, 0, 0, 0, 0, 0, 0, 0);

        assertThat(payload.toSnapshot().keys().get("step:a").failures()).isEmpty();
    }

    @Test
    void aPayloadWithABrokenHistogramIsRefusedWithIllegalArgument() {
        SnapshotPayload payload = new SnapshotPayload(List.of(new KeyPayload("step:a", "bm90IGEgaGlzdG9ncmFt", 1, 0, 0, 0,
                Map.of())), 0, 0, 0, 0, 0, 0, 0, 0);

        assertThatThrownBy(payload::toSnapshot).isInstanceOf(IllegalArgumentException.class);
    }

    private static MetricsSnapshot single() {
        MetricsSnapshot s = new MetricsSnapshot();
        s.key("step:a").record(1_000, true);
        return s;
    }

    private static IntervalReport report(SnapshotPayload payload) {
        return new IntervalReport(WireMessage.VERSION, "r", "s0", "w/s0/0", 0, 0, 1000, false, 1, payload, null, List.of(), List.of());
    }
}
