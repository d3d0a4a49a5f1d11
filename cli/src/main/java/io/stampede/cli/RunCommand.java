package io.stampede.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.dashboard.StandardRoutes;
import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.stampede.run.RunStatus;
import io.stampede.time.Durations;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.otlp.OtlpOptions;
import io.stampede.run.CoordinatorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Runs a scenario on an embedded cluster (this process) and writes its results folder,"
        + " or on a coordinator with --coordinator.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "scenario YAML")
    Path file;

    @Option(names = "--users", paramLabel = "N", description = "concurrent users instead of the scenario's")
    Integer users;

    @Option(names = "--duration", paramLabel = "D", description = "load duration instead of the scenario's, e.g. 30s or 2m")
    String duration;

    @Option(names = "--out", paramLabel = "DIR", description = "results go to DIR/<run-id>/ (default: results)")
    Path out = Path.of("results");

    @Option(names = "--quiet", description = "no live progress, only the summary")
    boolean quiet;

    @Option(names = "--coordinator", paramLabel = "URL", description = "run on this coordinator (e.g. http://10.0.0.5:8080)"
            + " instead of in this process; results stay there")
    String coordinator;

    @Option(names = "--token", paramLabel = "T", description = "the coordinator's API token (accepted with a warning: ps shows it;"
            + " prefer --token-file or $STAMPEDE_TOKEN)")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the coordinator's API token (default: $STAMPEDE_TOKEN)")
    Path tokenFile;

    @Option(names = "--record", description = "record every conversation as it happened (requests with secrets masked, replies,"
            + " timings, think times, node events) in conversations.jsonl of the results folder; stampede replay sends them again")
    boolean record;

    @Option(names = "--ui", description = "also serve the dashboard (and the API) on loopback while the run goes")
    boolean ui;

    @Option(names = "--ui-port", paramLabel = "PORT", description = "port of --ui (default ${DEFAULT-VALUE})")
    int uiPort = 8080;

    @Mixin
    OtlpCliOptions otlp = new OtlpCliOptions();

    @Override
    public Integer call() throws Exception {
        ScenarioSource source;
        Scenario scenario;
        RunOverrides overrides;
        try {
            source = ScenarioFiles.read(file);
            scenario = ScenarioLoader.load(source); // fail fast, before any node starts
            overrides = new RunOverrides(users, duration == null ? null : parseDuration(duration), record);
        } catch (InvalidScenarioException e) {
            ScenarioFiles.printErrors(file, e, System.err);
            return ExitCodes.INVALID;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        if (coordinator != null) {
            String t;
            try {
                t = Tokens.resolve("--token", token, tokenFile, "STAMPEDE_TOKEN", System.err);
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return ExitCodes.NOT_CARRIED_OUT;
            }
            return new RemoteRun(file, coordinator, t, quiet, System.out, System.err).run(source, scenario, users, duration, record);
        }
        OtlpOptions receiver;
        try {
            otlp.apply(new CoordinatorOptions());
            receiver = otlp.receiver("127.0.0.1");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        try (LocalCluster cluster = LocalCluster.start(out, otlp::apply, receiver)) {
            return execute(cluster, source, overrides);
        }
    }

    private int execute(LocalCluster cluster, ScenarioSource source, RunOverrides overrides) throws Exception {
        Run run;
        try {
            run = Await.result(cluster.coordinator().runs().submit(source, overrides), Duration.ofSeconds(60));
        } catch (InvalidScenarioException e) {
            ScenarioFiles.printErrors(file, e, System.err);
            return ExitCodes.INVALID;
        }
        if (ui) {
            serveDashboard(cluster, run);
        }
        TerminalProgress progress = new TerminalProgress(System.out, System.console() != null);
        if (!quiet) {
            System.out.printf("run %s: %s, %d users%n", run.id(), run.scenario().name(), run.load().users());
            run.feed().subscribe(0, progress::onEvent);
        }
        Thread interrupt = new Thread(() -> stopOnInterrupt(cluster, run), "stampede-interrupt");
        Runtime.getRuntime().addShutdownHook(interrupt);
        Summary summary = Await.result(run.completion(), Duration.ofDays(7));
        Runtime.getRuntime().removeShutdownHook(interrupt);
        progress.close();
        if (summary == null) {
            System.err.println("run " + run.id() + " " + run.status().wireName() + ": " + run.reason());
            return ExitCodes.NOT_CARRIED_OUT;
        }
        SummaryTable.print(summary, run.folder().toString(), System.out);
        if (run.status() != RunStatus.DONE) {
            return ExitCodes.NOT_CARRIED_OUT;
        }
        return summary.thresholdsPassed() ? ExitCodes.OK : ExitCodes.THRESHOLD_FAILED;
    }

    /** {@code --ui}: the coordinator's API and dashboard on loopback, for as long as this process runs. */
    private void serveDashboard(LocalCluster cluster, Run run) {
        try {
            HttpApi api = Await.result(HttpApi.start(cluster.vertx(), cluster.coordinator(),
                    StandardRoutes.addTo(new ApiOptions().port(uiPort))), Duration.ofSeconds(30));
            System.out.printf("dashboard: http://127.0.0.1:%d/#/runs/%s%n", api.port(), run.id());
        } catch (Exception e) {
            System.err.println("--ui: cannot serve the dashboard on port " + uiPort + " (" + e.getMessage()
                    + "); the run goes on without it");
        }
    }

    /** Ctrl-C: stop the load and give the results a few seconds to be written. */
    private static void stopOnInterrupt(LocalCluster cluster, Run run) {
        try {
            cluster.coordinator().runs().stop(run.id(), false, "interrupted");
            Await.result(run.completion(), Duration.ofSeconds(10));
        } catch (Exception e) {
            // shutting down anyway
        }
    }

    private static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--duration: " + e.getMessage());
        }
    }
}
