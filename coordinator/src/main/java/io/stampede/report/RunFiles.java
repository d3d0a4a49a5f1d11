package io.stampede.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.stampede.results.ResultFolder;
import io.stampede.results.ResultsJson;
import io.stampede.results.Summary;

/**
 * A finished run as its folder holds it (docs/REPORTS.md, the run folder): the summary and scenario read at once, the
 * large files (events, latency log) only located, so the readers that need them stream them.
 * Everything a report or a comparison shows comes from here, never from engine state.
 */
public record RunFiles(Path dir, Summary summary, String scenarioYaml) {
    /** Reads result files written by this or a later version: unknown fields are skipped. */
    static final ObjectMapper READER = ResultsJson.READER;

    /**
     * Reads {@code summary.json} (required) and {@code scenario.yaml} (optional).
     *
     * @throws NoSuchFileException when the folder has no summary: the run never finished, or it is not a run folder
     */
    public static RunFiles read(Path dir) throws IOException {
        Path summaryFile = dir.resolve(ResultFolder.SUMMARY);
        if (!Files.isRegularFile(summaryFile)) {
            throw new NoSuchFileException(summaryFile.toString(), null,
                    "no " + ResultFolder.SUMMARY + ": not a finished run's result folder");
        }
        Summary summary = READER.readValue(summaryFile.toFile(), Summary.class);
        Path scenario = dir.resolve(ResultFolder.SCENARIO);
        String yaml = Files.isRegularFile(scenario) ? Files.readString(scenario, StandardCharsets.UTF_8) : null;
        return new RunFiles(dir, summary, yaml);
    }

    public Path timeseries() {
        return dir.resolve(ResultFolder.TIMESERIES);
    }

    public Path events() {
        return dir.resolve(ResultFolder.EVENTS);
    }

    public Path latencyLog() {
        return dir.resolve(ResultFolder.LATENCY);
    }

    /** The run's start instant in epoch ms: second 0 of every time axis. */
    public long startMs() {
        return summary.startedAt() == null ? 0 : Instant.parse(summary.startedAt()).toEpochMilli();
    }

    /** Whole seconds the run lasted (at least 1). */
    public long seconds() {
        return Math.max(1, (long) Math.ceil(summary.durationS()));
    }
}
