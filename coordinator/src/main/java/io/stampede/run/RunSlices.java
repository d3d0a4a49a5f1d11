package io.stampede.run;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.results.Summary;

/**
 * The slices of one run, in launch order, and how they are shown: the run's {@code workers}
 * in the API and the summary. Lives on the coordinator's context.
 */
final class RunSlices {
    private final Map<String, SliceState> slices = new LinkedHashMap<>();

    void add(SliceState slice) {
        slices.put(slice.sliceId, slice);
    }

    SliceState get(String sliceId) {
        return slices.get(sliceId);
    }

    Collection<SliceState> all() {
        return slices.values();
    }

    int size() {
        return slices.size();
    }

    /** The slices on {@code workerId} that still count (started or starting). */
    List<SliceState> liveOn(String workerId) {
        return slices.values().stream().filter(s -> s.workerId.equals(workerId) && s.status.isLive()).toList();
    }

    boolean any(SliceStatus status) {
        return slices.values().stream().anyMatch(s -> s.status == status);
    }

    List<String> workerIds() {
        return slices.values().stream().map(s -> s.workerId).distinct().toList();
    }

    /** At the end: what was still running ran to its end. */
    void finishRunning() {
        slices.values().stream().filter(s -> s.status == SliceStatus.RUNNING).forEach(s -> s.status = SliceStatus.FINISHED);
    }

    /** One line per slice, as the API and the summary list them. */
    List<Summary.WorkerLine> lines() {
        return slices.values().stream()
                .map(s -> new Summary.WorkerLine(s.workerId, s.sliceId, s.users(), s.clockOffsetMs, s.status.wireName())).toList();
    }

    /** Shows the slices as they are now in the run's {@code workers}. */
    void publish(Run run) {
        run.workers(lines());
    }
}
