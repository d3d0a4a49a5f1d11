package io.stampede.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.secret.Secrets;
import io.stampede.wire.IntervalReport;
import io.stampede.wire.NodeEvent;
import io.stampede.wire.WireCodec;

class LaneRecorderSecretsTest {
    private static final String SECRET = "sk-recorder-5150";

    @Test
    void noReportOfALaneHoldsASecretInAKeyAReasonOrAnEvent() {
        LaneRecorder recorder = new LaneRecorder("r1", "s0", "w1-0", new EventSampler(4, 4, 1), 0, Secrets.of(List.of(SECRET)));
        KeyStats node = recorder.key(MetricKey.node("lookup " + SECRET));
        node.record(1000, false);
        node.addFailure("reply does not contain \"" + SECRET + "\": agent said " + SECRET);
        node.addFailure("reply does not contain \"***\": agent said ***");
        recorder.events().put(true, recorder.events().slot(true),
                new NodeEvent(1, "r1", 0, 0, "step " + SECRET, "step", "step " + SECRET, "error", 1.0, 0, "echo " + SECRET));

        IntervalReport interval = recorder.cut(1, false);
        recorder.key(MetricKey.node("lookup " + SECRET)).record(500, true);
        IntervalReport last = recorder.cut(0, true);

        for (IntervalReport report : List.of(interval, last)) {
            assertThat(new String(WireCodec.encode(report), StandardCharsets.UTF_8)).doesNotContain(SECRET).contains("***");
        }
        assertThat(interval.interval().keys().get(0).failures()).containsEntry("reply does not contain \"***\": agent said ***", 2L);
        assertThat(last.cumulative().keys()).singleElement().satisfies(k -> assertThat(k.count()).isEqualTo(2));
    }
}
