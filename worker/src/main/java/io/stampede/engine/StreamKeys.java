package io.stampede.engine;

import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.recording.LaneRecorder;

/**
 * The streaming metrics of one send step (TTFO, inter-token latency, TPOT), looked up in the
 * recorder the first time a streamed answer is recorded: a step that never streams carries no
 * empty histograms. Lane-confined, like the recorder.
 */
final class StreamKeys {
    private final String step;
    private final LaneRecorder recorder;
    private KeyStats ttfo;
    private KeyStats itl;
    private KeyStats tpot;

    StreamKeys(String step, LaneRecorder recorder) {
        this.step = step;
        this.recorder = recorder;
    }

    KeyStats ttfo() {
        if (ttfo == null) {
            ttfo = recorder.key(MetricKey.ttfo(step));
        }
        return ttfo;
    }

    KeyStats itl() {
        if (itl == null) {
            itl = recorder.key(MetricKey.itl(step));
        }
        return itl;
    }

    KeyStats tpot() {
        if (tpot == null) {
            tpot = recorder.key(MetricKey.tpot(step));
        }
        return tpot;
    }
}
