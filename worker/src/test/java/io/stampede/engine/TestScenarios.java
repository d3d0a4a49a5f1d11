package io.stampede.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;

/** Scenarios from {@code src/test/resources/scenarios}, pointed at a test target with {@code ${TARGET}}. */
final class TestScenarios {
    private TestScenarios() {
    }

    static Scenario load(String name, String targetUrl) {
        return load(name, Map.of("TARGET", targetUrl));
    }

    static Scenario load(String name, Map<String, String> env) {
        Path file = file(name);
        try {
            return ScenarioLoader.load(new ScenarioSource(Files.readString(file), name, file.getParent(), env, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidScenarioException e) {
            throw new IllegalStateException("test scenario " + name + " does not load: " + e.getMessage(), e);
        }
    }

    /** The text as written, for scenarios that are meant not to load. */
    static String text(String name) {
        try {
            return Files.readString(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file(String name) {
        URL url = TestScenarios.class.getResource("/scenarios/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test scenario " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
