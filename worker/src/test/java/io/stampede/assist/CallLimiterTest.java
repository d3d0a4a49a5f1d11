package io.stampede.assist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.Future;

/** A helper model's own bound: at most its limit of calls at once, the others waiting in turn. */
class CallLimiterTest {

    @Test
    void atMostTheLimitGoAtOnceAndEachReleaseLetsTheNextInOrder() {
        CallLimiter limiter = new CallLimiter(2);
        List<Future<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(limiter.acquire());
        }

        assertThat(calls).extracting(Future::isComplete).containsExactly(true, true, false, false, false);
        assertThat(limiter.waiting()).isEqualTo(3);

        limiter.release();
        assertThat(calls).extracting(Future::isComplete).containsExactly(true, true, true, false, false);
        limiter.release();
        limiter.release();
        assertThat(calls).extracting(Future::isComplete).containsOnly(true);
        assertThat(limiter.waiting()).isZero();

        // The two calls still running end: the limit holds again from scratch.
        limiter.release();
        limiter.release();
        assertThat(limiter.acquire().isComplete()).isTrue();
        assertThat(limiter.acquire().isComplete()).isTrue();
        assertThat(limiter.acquire().isComplete()).as("a third at once waits").isFalse();
    }

    @Test
    void aLimitBelowOneStillLetsOneCallGo() {
        CallLimiter limiter = new CallLimiter(0);

        assertThat(limiter.acquire().isComplete()).isTrue();
        assertThat(limiter.acquire().isComplete()).isFalse();
    }
}
