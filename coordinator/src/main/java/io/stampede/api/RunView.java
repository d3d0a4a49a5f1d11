package io.stampede.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultFolder;
import io.stampede.results.ResultsJson;
import io.stampede.run.Run;
import io.stampede.run.RunRecord;
import io.stampede.run.RunStatus;

/**
 * One run as {@code GET /api/runs/{id}} shows it: the history record, progress 0–100, the live
 * figures and slices while it runs, the summary at the end (from memory, or for a run of an
 * earlier coordinator lifetime from its folder's {@code summary.json}), and which result files
 * exist. Blocking IO: build it on a worker thread.
 */
final class RunView {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private RunView() {
    }

    static Map<String, Object> of(RunRecord record, Optional<Run> live, Path runFolder) throws IOException {
        Map<String, Object> view = new LinkedHashMap<>(ResultsJson.MAPPER.convertValue(record, MAP));
        RunStatus status = RunStatus.of(record.status());
        if (live.isPresent()) {
            Run run = live.get();
            view.put("progress", status == RunStatus.DONE ? 100.0 : run.progress().percent());
            if (!status.isFinal()) {
                view.put("live", run.progress()); // the last figures of a finished run would read as still running
            }
            view.put("workers", run.workers());
            view.put("summary", run.summary());
        } else {
            // An earlier lifetime's run: how far an aborted one got was not kept.
            view.put("progress", status == RunStatus.DONE ? 100.0 : null);
            view.put("summary", summaryOnDisk(runFolder));
        }
        view.put("files", ResultFolder.FILES.stream().filter(name -> Files.isRegularFile(runFolder.resolve(name))).toList());
        return view;
    }

    /** The run's summary.json as a tree, or null when there is none. */
    static JsonNode summaryOnDisk(Path runFolder) throws IOException {
        Path file = runFolder.resolve(ResultFolder.SUMMARY);
        return Files.isRegularFile(file) ? ResultsJson.MAPPER.readTree(file.toFile()) : null;
    }
}
