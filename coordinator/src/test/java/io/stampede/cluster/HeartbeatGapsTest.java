package io.stampede.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The loss timeout stretches with a worker's late heartbeats, and only with them. */
class HeartbeatGapsTest {
    private final HeartbeatGaps gaps = new HeartbeatGaps(4_000);

    private void beats(String worker, int count, long gapMs) {
        for (int i = 0; i < count; i++) {
            gaps.beat(worker, gapMs);
        }
    }

    @Test
    void beatsOnTimeKeepTheConfiguredTimeoutSoAPauseOrAKillIsJudgedAsFastAsEver() {
        beats("w1", 60, 1_000);
        beats("w2", 60, 1_900);

        assertThat(gaps.lossAfterMs("w1")).isEqualTo(4_000);
        assertThat(gaps.lossAfterMs("w2")).isEqualTo(4_000);
        assertThat(gaps.lossAfterMs("never-heard")).isEqualTo(4_000);
    }

    @Test
    void aWorkerWhoseBeatsComeLaterAndLaterIsGivenTwiceItsLongestRecentGapUpToFourTimesTheTimeout() {
        beats("w1", 10, 1_000);
        beats("w1", 3, 3_500); // a machine short of cores: each beat a little later

        assertThat(gaps.lossAfterMs("w1")).isEqualTo(7_000);
        beats("w1", 1, 12_000);
        assertThat(gaps.lossAfterMs("w1")).isEqualTo(16_000);
        assertThat(gaps.lossAfterMs("w2")).as("per worker").isEqualTo(4_000);
    }

    @Test
    void aMinuteOfBeatsOnTimeBringsTheTimeoutBackAndALossForgetsTheHistory() {
        beats("w1", 1, 3_500);
        beats("w1", 60, 1_000);
        assertThat(gaps.lossAfterMs("w1")).isEqualTo(4_000);

        beats("w2", 1, 3_500);
        gaps.forget("w2");
        assertThat(gaps.lossAfterMs("w2")).isEqualTo(4_000);
    }
}
