package io.stampede.scenario;

import java.nio.file.Path;
import java.util.Map;

/**
 * A scenario as text plus what the text needs from outside: the environment for
 * {@code ${VAR:-default}} and, when the rows were already loaded (on a worker), the CSV feeder.
 * {@code baseDir} resolves a relative {@code data:} file; it is null when the text came over
 * HTTP or the wire. {@code origin} names the source in messages (a file name or "request").
 */
public record ScenarioSource(String text, String origin, Path baseDir, Map<String, String> environment, DataTable data) {

    public static ScenarioSource of(String text, String origin, Path baseDir) {
        return new ScenarioSource(text, origin, baseDir, System.getenv(), null);
    }
}
