package io.stampede.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;

import io.stampede.json.Json;
import io.stampede.results.ResultsJson;
import io.stampede.results.Summary;

/** What the workload tests read back from a run folder. */
final class Workloads {
    private Workloads() {
    }

    /** The only run folder under {@code out} (the newest when there are several). */
    static Path runFolder(Path out) {
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("summary.json")))
                    .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Summary summary(Path runFolder) {
        try {
            return ResultsJson.MAPPER.readerFor(Summary.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(runFolder.resolve("summary.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each line of a JSONL file of the run folder as a map. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> lines(Path runFolder, String file) {
        try {
            return Files.readAllLines(runFolder.resolve(file)).stream().filter(l -> !l.isBlank())
                    .map(l -> (Map<String, Object>) Json.parse(l)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> turns(Map<String, Object> conversation) {
        return (List<Map<String, Object>>) conversation.get("turns");
    }

    static Summary.StepLine step(Summary summary, String name) {
        return summary.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static Summary.CheckLine check(Summary summary, String step, String check) {
        return summary.checks().stream().filter(c -> c.step().equals(step) && c.check().equals(check)).findFirst().orElseThrow();
    }
}
