package io.stampede.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioError;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;

/** Reads scenario files for the commands and prints loader errors as {@code FILE:LINE:COLUMN: path: message}. */
final class ScenarioFiles {

    private ScenarioFiles() {
    }

    /** @throws IOException with a plain message when the file cannot be read */
    static ScenarioSource read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * The file with this process's environment, and {@code --target URL} as {@code STAMPEDE_TARGET}
     * (the base URL of a scenario that names none) when given.
     *
     * @throws IOException with a plain message when the file cannot be read
     */
    static ScenarioSource read(Path file, String target) throws IOException {
        Map<String, String> env = System.getenv();
        if (target != null) {
            env = new HashMap<>(env);
            env.put(ScenarioLoader.TARGET_VARIABLE, target);
        }
        try {
            Path absolute = file.toAbsolutePath();
            return new ScenarioSource(Files.readString(absolute), file.getFileName().toString(), absolute.getParent(), env, null);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file);
        }
    }

    /** Says so when {@code --target} was given to a scenario that names its own base URL. */
    static void noteUnusedTarget(String target, Scenario scenario, PrintStream err) {
        if (target != null && !scenario.variables().containsKey(ScenarioLoader.TARGET_VARIABLE)) {
            err.println("note: --target is not used: the scenario names its own target.base_url");
        }
    }

    static void printErrors(Path file, InvalidScenarioException e, PrintStream err) {
        for (ScenarioError error : e.errors()) {
            String where = error.line() > 0 ? file + ":" + error.line() + ":" + error.column() : file.toString();
            err.println(where + ": " + (error.path().isEmpty() ? "" : error.path() + ": ") + error.message());
        }
        err.println(e.errors().size() == 1 ? "1 error" : e.errors().size() + " errors");
    }
}
