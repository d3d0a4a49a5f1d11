package io.stampede.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description = "Checks a scenario and prints every error with line:column.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "scenario YAML")
    Path file;

    @Option(names = "--target", paramLabel = "URL", description = "the agent's base URL when the scenario names none"
            + " (default: $STAMPEDE_TARGET)")
    String target;

    @Override
    public Integer call() {
        try {
            Scenario scenario = ScenarioLoader.load(ScenarioFiles.read(file, target));
            System.out.printf("%s: valid (scenario %s, %d steps, %d thresholds)%n", file, scenario.name(),
                    scenario.steps().size(), scenario.thresholds().size());
            return ExitCodes.OK;
        } catch (InvalidScenarioException e) {
            ScenarioFiles.printErrors(file, e, System.err);
            return ExitCodes.INVALID;
        } catch (IOException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
    }
}
