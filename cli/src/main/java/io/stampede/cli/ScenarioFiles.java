package io.stampede.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.ScenarioError;
import io.stampede.scenario.ScenarioSource;

/** Reads scenario files for the commands and prints loader errors as {@code FILE:LINE:COLUMN: path: message}. */
final class ScenarioFiles {
    private ScenarioFiles() {
    }

    /** @throws IOException with a plain message when the file cannot be read */
    static ScenarioSource read(Path file) throws IOException {
        try {
            Path absolute = file.toAbsolutePath();
            return ScenarioSource.of(Files.readString(absolute), file.getFileName().toString(), absolute.getParent());
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file);
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
