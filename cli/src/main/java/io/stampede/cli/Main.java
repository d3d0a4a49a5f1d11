package io.stampede.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.stampede.scenario.DidYouMean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code stampede}: one jar, one command per role. Every command takes {@code --help} and
 * {@code --version}; {@code stampede help [COMMAND]} says the same; a mistyped command or option
 * gets a suggestion.
 */
@Command(name = "stampede", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "stampede 0.1.0",
        description = "Distributed load testing and behaviour regression for AI agents.",
        footer = {"", "Run 'stampede help COMMAND' or 'stampede COMMAND --help' for a command's options."},
        subcommands = {HelpCommand.class, RunCommand.class, ValidateCommand.class, CoordinatorCommand.class, WorkerCommand.class,
                CompareCommand.class, ReportCommand.class, IndexCommand.class, DemoAgentCommand.class, SearchCommand.class,
                ReplayCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code (tests call this). */
    public static int execute(String... args) {
        if (args.length > 0 && !args[0].equals("run") && !args[0].equals("validate") && !args[0].equals("search")
                && !args[0].equals("replay")) {
            System.setProperty("stampede.log.level", "INFO");
        }
        // Hazelcast's own first words (before its configuration is read) go through the same logging as the rest.
        System.setProperty("hazelcast.logging.type", "slf4j");
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCodes.NOT_CARRIED_OUT;
        });
        commandLine.setParameterExceptionHandler(Main::mistake);
        return commandLine.execute(args);
    }

    /** A mistake on the command line: what is wrong, what was probably meant, and where help is. */
    private static int mistake(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (args.length > 0) {
            err.println("error: " + e.getMessage());
        }
        if (e instanceof UnmatchedArgumentException unmatched) {
            for (String arg : unmatched.getUnmatched()) {
                suggestion(cmd, arg).ifPresent(s -> err.println("did you mean '" + s + "'?"));
            }
        }
        if (args.length == 0) {
            cmd.usage(err);
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        String name = cmd.getCommandSpec().qualifiedName();
        err.println("see '" + (cmd.getParent() == null ? "stampede --help" : name + " --help") + "'");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The command or option closest to what was written. */
    static Optional<String> suggestion(CommandLine cmd, String written) {
        List<String> candidates = new ArrayList<>();
        if (written.startsWith("-")) {
            for (OptionSpec option : cmd.getCommandSpec().options()) {
                candidates.addAll(List.of(option.names()));
            }
            String name = written.contains("=") ? written.substring(0, written.indexOf('=')) : written;
            return DidYouMean.suggest(name, candidates);
        }
        candidates.addAll(cmd.getSubcommands().keySet());
        return DidYouMean.suggest(written, candidates);
    }
}
