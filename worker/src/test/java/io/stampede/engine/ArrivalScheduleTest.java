package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.stampede.load.ArrivalSegment;
import io.stampede.load.LoadProfile;

class ArrivalScheduleTest {

    private static LoadProfile load(boolean poisson, LoadProfile.Stage... stages) {
        return LoadProfile.arrivals(List.of(stages), poisson, 7, 1000, 0);
    }

    private static ArrivalSegment segment(long from, long to, long denominator) {
        return ArrivalSegment.ofWorker(from, to, denominator, 1000);
    }

    private static List<ArrivalSchedule.Arrival> all(LoadProfile load, ArrivalSegment segment) {
        ArrivalSchedule schedule = new ArrivalSchedule(load, segment);
        List<ArrivalSchedule.Arrival> out = new ArrayList<>();
        for (ArrivalSchedule.Arrival a = schedule.next(); a != null; a = schedule.next()) {
            out.add(a);
        }
        return out;
    }

    @Test
    void aConstantRateGivesEvenlySpacedArrivalsAndTheExactCount() {
        List<ArrivalSchedule.Arrival> arrivals = all(load(false, new LoadProfile.Stage(10_000, 20, 20)), segment(0, 1, 1));

        assertThat(arrivals).hasSize(200);
        assertThat(arrivals.get(0).atMs()).isZero();
        assertThat(arrivals.get(1).atMs()).isCloseTo(50, within(1e-9));
        assertThat(arrivals.get(199).atMs()).isCloseTo(9950, within(1e-6));
    }

    @Test
    void aLinearRampFollowsTheIntegralOfTheRate() {
        // 0 → 100/s over 10 s: 500 arrivals; half of them (250) by t = 10·√0.5 s.
        List<ArrivalSchedule.Arrival> arrivals = all(load(false, new LoadProfile.Stage(10_000, 0, 100)), segment(0, 1, 1));

        assertThat(arrivals).hasSize(500);
        assertThat(arrivals.get(250).atMs()).isCloseTo(10_000 * Math.sqrt(0.5), within(1.0));
        assertThat(arrivals).isSortedAccordingTo((a, b) -> Double.compare(a.atMs(), b.atMs()));
    }

    @Test
    void poissonArrivalsAverageTheRateAndAreTheSameOnEveryWorker() {
        LoadProfile whole = load(true, new LoadProfile.Stage(100_000, 50, 50));

        List<ArrivalSchedule.Arrival> first = all(whole, segment(0, 1, 1));
        List<ArrivalSchedule.Arrival> again = all(whole, segment(0, 1, 1));

        assertThat(first.size()).isBetween(4700, 5300); // 5,000 expected, ±4σ
        assertThat(again).isEqualTo(first);
    }

    @Test
    void segmentsOfSeveralWorkersTakeEveryArrivalExactlyOnceInProportion() {
        LoadProfile.Stage stage = new LoadProfile.Stage(20_000, 30, 30);
        // capacities 3 : 5 : 2 of 10
        List<ArrivalSchedule.Arrival> a = all(load(false, stage), segment(0, 3, 10));
        List<ArrivalSchedule.Arrival> b = all(load(false, stage), segment(3, 8, 10));
        List<ArrivalSchedule.Arrival> c = all(load(false, stage), segment(8, 10, 10));

        assertThat(a).hasSize(180);
        assertThat(b).hasSize(300);
        assertThat(c).hasSize(120);
        Set<Long> indexes = new HashSet<>();
        for (List<ArrivalSchedule.Arrival> part : List.of(a, b, c)) {
            part.forEach(x -> assertThat(indexes.add(x.index())).as("arrival %d taken twice", x.index()).isTrue());
        }
        assertThat(indexes).hasSize(600);
    }

    @Test
    void lanesSplitAWorkersSegmentTheSameWay() {
        LoadProfile load = load(false, new LoadProfile.Stage(20_000, 30, 30));
        ArrivalSegment worker = segment(3, 8, 10);
        Set<Long> fromLanes = new HashSet<>();
        for (int lane = 0; lane < 3; lane++) {
            all(load, worker.forLane(lane, 3, 10)).forEach(x -> assertThat(fromLanes.add(x.index())).isTrue());
        }
        Set<Long> fromWorker = new HashSet<>();
        all(load, worker).forEach(x -> fromWorker.add(x.index()));

        assertThat(fromLanes).isEqualTo(fromWorker);
    }
}
