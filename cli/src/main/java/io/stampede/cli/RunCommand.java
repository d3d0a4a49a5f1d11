package io.stampede.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.dashboard.StandardRoutes;
import io.stampede.index.IndexDatabase;
import io.stampede.index.IndexException;
import io.stampede.index.Retention;
import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.run.RunIdentity;
import io.stampede.run.RunOverrides;
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
        + " or on a coordinator with --coordinator. Ctrl-C stops it and prints what ran; a second Ctrl-C quits at once.",
        footer = {"", "Exit codes: 0 all thresholds hold, 1 a threshold failed, 2 the scenario is invalid,"
                + " 3 the run could not be carried out or was aborted, 130 stopped with Ctrl-C."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "scenario YAML")
    Path file;

    @Option(names = "--users", paramLabel = "N", description = "concurrent users instead of the scenario's")
    Integer users;

    @Option(names = "--duration", paramLabel = "D", description = "load duration instead of the scenario's, e.g. 30s or 2m")
    String duration;

    @Option(names = "--target", paramLabel = "URL", description = "the agent's base URL when the scenario names none"
            + " (default: $STAMPEDE_TARGET)")
    String target;

    @Option(names = "--out", paramLabel = "DIR", description = "results go to DIR/<run-id>/ (default: results)")
    Path out = Path.of("results");

    @Option(names = "--junit", paramLabel = "FILE", description = "also write the run as a JUnit XML report: a test case per"
            + " threshold and per check, for CI")
    Path junit;

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

    @Option(names = "--ui", description = "also serve the dashboard (and the API) on loopback while the run goes, and on a"
            + " terminal after it until Enter or Ctrl-C")
    boolean ui;

    @Option(names = "--ui-port", paramLabel = "PORT", description = "port of --ui (default ${DEFAULT-VALUE})")
    int uiPort = 8080;

    @Mixin
    OtlpCliOptions otlp = new OtlpCliOptions();

    @Option(names = "--tag", paramLabel = "TAG", description = "tag the run, e.g. --tag nightly (repeatable); runs are"
            + " filtered, trended and picked as baselines by tag, and one tagged pinned is never removed by retention")
    List<String> tags = new ArrayList<>();

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = "label the run, e.g. --label commit=$GIT_SHA"
            + " --label env=staging (repeatable)")
    List<String> labels = new ArrayList<>();

    @Mixin
    IndexCliOptions index = new IndexCliOptions();

    @Mixin
    IndexCliOptions.Keep keep = new IndexCliOptions.Keep();

    @Override
    public Integer call() throws Exception {
        ScenarioSource source;
        Scenario scenario;
        RunOverrides overrides;
        RunIdentity identity;
        try {
            identity = RunIdentities.of(tags, labels, file);
            source = ScenarioFiles.read(file, target);
            scenario = ScenarioLoader.load(source); // fail fast, before any node starts
            overrides = new RunOverrides(users, duration == null ? null : parseDuration(duration), record);
        } catch (InvalidScenarioException e) {
            ScenarioFiles.printErrors(file, e, System.err);
            return ExitCodes.INVALID;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        ScenarioFiles.noteUnusedTarget(target, scenario, System.err);
        RunEnding ending = new RunEnding(scenario.name(), junit, Terminal.detect(), System.out, System.err);
        if (coordinator != null) {
            String t;
            try {
                t = Tokens.resolve("--token", token, tokenFile, "STAMPEDE_TOKEN", System.err);
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return ExitCodes.NOT_CARRIED_OUT;
            }
            return new RemoteRun(file, coordinator, t, quiet, ending).run(source, scenario, users, duration, identity, record);
        }
        OtlpOptions receiver;
        IndexDatabase database;
        Retention retention;
        try {
            otlp.apply(new CoordinatorOptions());
            receiver = otlp.receiver("127.0.0.1");
            database = index.database(out, System.err);
            retention = keep.retention();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        try (LocalCluster cluster = LocalCluster.start(out, o -> otlp.apply(o).database(database).retention(retention), receiver)) {
            return execute(cluster, source, overrides, identity, ending);
        } catch (IndexException e) {
            System.err.println(e.getMessage());
            return ExitCodes.NOT_CARRIED_OUT;
        }
    }

    private int execute(LocalCluster cluster, ScenarioSource source, RunOverrides overrides, RunIdentity identity,
            RunEnding ending) throws Exception {
        Run run;
        try {
            run = Await.result(cluster.coordinator().runs().submit(source, overrides, identity), Duration.ofSeconds(60));
        } catch (InvalidScenarioException e) {
            ScenarioFiles.printErrors(file, e, System.err);
            return ExitCodes.INVALID;
        }
        String dashboard = ui ? serveDashboard(cluster, run) : null;
        TerminalProgress progress = new TerminalProgress(System.out, System.console() != null);
        if (!quiet) {
            System.out.printf("run %s: %s, %d users%n", run.id(), run.scenario().name(), run.load().users());
            run.feed().subscribe(0, progress::onEvent);
        }
        Summary summary;
        boolean interrupted;
        String stopping = "stopping run " + run.id() + ": conversations in flight finish (within "
                + Durations.format(run.scenario().load().gracefulStop()) + "), then the results so far follow";
        try (Interrupts interrupts = Interrupts.handle(() -> cluster.coordinator().runs().stop(run.id(), true, "Ctrl-C"), stopping,
                System.err)) {
            summary = Await.result(run.completion(), Duration.ofDays(7));
            interrupted = interrupts.happened();
        }
        progress.close();
        // Someone at a terminal can look at the finished run and press Enter; with no terminal (CI) nobody could.
        boolean keepServing = dashboard != null && !interrupted && System.console() != null;
        List<String> where = keepServing
                ? List.of("results: " + run.folder(), "dashboard: " + dashboard + "  (still served: press Enter or Ctrl-C to stop it)")
                : dashboard != null ? List.of("results: " + run.folder(), "dashboard: " + dashboard + "  (stopped with the run)")
                : List.of("results: " + run.folder());
        int exitCode = ending.print(summary, run.status().wireName(), run.reason(), where, interrupted);
        if (keepServing) {
            waitForEnterOrInterrupt(System.in);
        }
        return exitCode;
    }

    /** {@code --ui}: the coordinator's API and dashboard on loopback while this process runs; the run's page, or null. */
    private String serveDashboard(LocalCluster cluster, Run run) {
        try {
            HttpApi api = Await.result(HttpApi.start(cluster.vertx(), cluster.coordinator(),
                    StandardRoutes.addTo(new ApiOptions().port(uiPort))), Duration.ofSeconds(30));
            String page = String.format("http://127.0.0.1:%d/#/runs/%s", api.port(), run.id());
            System.out.println("dashboard: " + page);
            return page;
        } catch (Exception e) {
            System.err.println("--ui: cannot serve the dashboard on port " + uiPort + " (" + e.getMessage()
                    + "); the run goes on without it");
            return null;
        }
    }

    /** After a run with {@code --ui}: the dashboard stays until Enter (or the end of the input) or Ctrl-C. */
    static void waitForEnterOrInterrupt(InputStream in) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                int c;
                do {
                    c = in.read();
                } while (c != -1 && c != '\n');
            } catch (IOException e) {
                // no input to wait on
            }
            done.countDown();
        }, "stampede-enter");
        reader.setDaemon(true);
        try (Interrupts interrupts = Interrupts.handle(done::countDown, "stopping the dashboard", System.err)) {
            reader.start();
            done.await();
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
