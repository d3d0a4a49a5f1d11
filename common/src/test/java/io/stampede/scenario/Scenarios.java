package io.stampede.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test scenarios from {@code src/test/resources/scenarios}, loaded with a given environment. */
final class Scenarios {
    private Scenarios() {
    }

    static Path file(String name) {
        URL url = Scenarios.class.getResource("/scenarios/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test scenario " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(String name) {
        try {
            return Files.readString(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScenarioSource source(String name, Map<String, String> env) {
        Path file = file(name);
        return new ScenarioSource(text(name), file.getFileName().toString(), file.getParent(), env, null);
    }

    static Scenario load(String name, Map<String, String> env) throws InvalidScenarioException {
        return ScenarioLoader.load(source(name, env));
    }

    static Scenario load(String name) throws InvalidScenarioException {
        return load(name, Map.of());
    }

    static List<ScenarioError> errors(String name) {
        return ScenarioLoader.validate(source(name, Map.of()));
    }

    static List<ScenarioError> errorsOfText(String text) {
        return ScenarioLoader.validate(new ScenarioSource(text, "test", null, Map.of(), null));
    }
}
