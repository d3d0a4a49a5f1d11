package io.stampede.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code stampede}: one jar, one command per role. */
@Command(name = "stampede", mixinStandardHelpOptions = true, version = "stampede 0.1.0",
        description = "Distributed load testing and behaviour regression for AI agents.",
        subcommands = {RunCommand.class, ValidateCommand.class, CoordinatorCommand.class, WorkerCommand.class,
                CompareCommand.class, ReportCommand.class, DemoAgentCommand.class, ReplayCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code (tests call this). */
    public static int execute(String... args) {
        if (args.length > 0 && !args[0].equals("run") && !args[0].equals("validate") && !args[0].equals("replay")) {
            System.setProperty("stampede.log.level", "INFO");
        }
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCodes.NOT_CARRIED_OUT;
        });
        return commandLine.execute(args);
    }
}
