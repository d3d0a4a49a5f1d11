package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The CLI as a new user meets it: help and version everywhere, a help command, suggestions for typos. */
class CommandLineMannersTest {
    private static final List<String> COMMANDS = List.of("run", "validate", "coordinator", "worker", "compare", "report", "demo-agent");

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitsZero() {
        for (String command : COMMANDS) {
            CommandOutput help = CommandOutput.run(command, "--help");

            assertThat(help.exitCode()).as(command + " --help: " + help.err()).isZero();
            assertThat(help.out()).as(command + " --help").contains("Usage: stampede " + command, "-h, --help", "-V, --version");
        }
    }

    @Test
    void everyCommandAnswersVersion() {
        for (String command : COMMANDS) {
            CommandOutput version = CommandOutput.run(command, "--version");

            assertThat(version.exitCode()).as(command + " --version").isZero();
            assertThat(version.out().strip()).isEqualTo("stampede 0.1.0");
        }
    }

    @Test
    void theHelpCommandShowsACommandsUsage() {
        CommandOutput help = CommandOutput.run("help", "run");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: stampede run", "--junit=FILE", "--target=URL", "Exit codes: 0 all thresholds hold");
        assertThat(CommandOutput.run("help").out()).contains("Usage: stampede", "help", "Run 'stampede help COMMAND'");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CommandOutput typo = CommandOutput.run("rn", "scenarios/quickstart.yaml");

        assertThat(typo.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(typo.err()).contains("did you mean 'run'?", "see 'stampede --help'");
        assertThat(CommandOutput.run("comapre").err()).contains("did you mean 'compare'?");
    }

    @Test
    void aMistypedOptionGetsASuggestion() {
        CommandOutput typo = CommandOutput.run("run", "x.yaml", "--user", "3");

        assertThat(typo.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(typo.err()).contains("did you mean '--users'?", "see 'stampede run --help'");
    }

    @Test
    void withoutACommandTheUsageIsShown() {
        CommandOutput none = CommandOutput.run();

        assertThat(none.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(none.err()).contains("Usage: stampede", "Commands:", "run", "compare");
    }
}
