package io.stampede.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.api.RunRequest;
import io.stampede.dashboard.StandardRoutes;
import io.stampede.scenario.DataTable;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.stampede.search.SearchGoal;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", description = {
        "Finds the highest load (users, or arrivals/s for an open model) at which the goal holds: steps up, then bisects;"
                + " each level is a run, its warm-up left out, its verdict the lower bound of a 95% interval.",
        "Exit codes: 0 the search ended (and the answer reached --require); 1 it did not reach --require; 2 the scenario or"
                + " the options are invalid; 3 the search could not be carried out."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "scenario YAML (users or arrival_rate, not stages)")
    Path file;

    @Option(names = "--goal", paramLabel = "GOAL", required = true, description = "what must hold, e.g. \"goodput >= 95%%\"")
    String goal;

    @Option(names = "--start", paramLabel = "N", description = "the first level (default: the scenario's users or arrival rate)")
    Double start;

    @Option(names = "--max-users", paramLabel = "N", description = "never more users than this (closed model; default: the coordinator's --max-users)")
    Integer maxUsers;

    @Option(names = "--max-rate", paramLabel = "R", description = "never more arrivals per second than this (open model; default: 32 × the start)")
    Double maxRate;

    @Option(names = "--factor", paramLabel = "F", description = "each step up multiplies the load by F (default: ${DEFAULT-VALUE})")
    double factor = 2;

    @Option(names = "--resolution", paramLabel = "PCT", description = "bisect until the gap is this share of the level held (default: ${DEFAULT-VALUE})")
    String resolution = "10%";

    @Option(names = "--warmup", paramLabel = "D", description = "each level's warm-up, left out of its figures (default: the scenario's ramp_up + 5s)")
    String warmup;

    @Option(names = "--level-duration", paramLabel = "D", description = "each level's measured time after the warm-up (default: ${DEFAULT-VALUE})")
    String levelDuration = "30s";

    @Option(names = "--require", paramLabel = "N", description = "exit 1 unless the answer is at least N users (or arrivals/s)")
    Double require;

    @Option(names = "--out", paramLabel = "DIR", description = "results go to DIR/ (default: results)")
    Path out = Path.of("results");

    @Option(names = "--coordinator", paramLabel = "URL", description = "search on this coordinator instead of in this process")
    String coordinator;

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the coordinator's API token (default: $STAMPEDE_TOKEN)")
    Path tokenFile;

    @Option(names = "--ui", description = "also serve the dashboard on loopback (port --ui-port) while the search goes")
    boolean ui;

    @Option(names = "--ui-port", paramLabel = "PORT", description = "port of --ui (default ${DEFAULT-VALUE})")
    int uiPort = 8080;

    @Override
    public Integer call() throws Exception {
        ScenarioSource source;
        Scenario scenario;
        RunRequest request;
        try {
            SearchGoal.parse(goal);
            source = ScenarioFiles.read(file);
            scenario = ScenarioLoader.load(source);
            request = request(source, scenario);
        } catch (InvalidScenarioException e) {
            ScenarioFiles.printErrors(file, e, System.err);
            return ExitCodes.INVALID;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        if (coordinator != null) {
            String token;
            try {
                token = Tokens.resolve("--token", null, tokenFile, "STAMPEDE_TOKEN", System.err);
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return ExitCodes.NOT_CARRIED_OUT;
            }
            return follow(coordinator, token, request, null);
        }
        try (LocalCluster cluster = LocalCluster.start(out)) {
            HttpApi api = Await.result(HttpApi.start(cluster.vertx(), cluster.coordinator(),
                    StandardRoutes.addTo(new ApiOptions().port(ui ? uiPort : 0))), Duration.ofSeconds(30));
            if (ui) {
                System.out.printf("dashboard: http://127.0.0.1:%d/%n", api.port());
            }
            return follow("http://127.0.0.1:" + api.port(), null, request, out);
        }
    }

    private RunRequest request(ScenarioSource source, Scenario scenario) {
        Double max = maxUsers != null ? Double.valueOf(maxUsers) : maxRate;
        double resolutionPct = io.stampede.compare.CompareOptions.parsePercent(resolution, "--resolution");
        DataTable data = scenario.data() == DataTable.EMPTY ? null : scenario.data();
        return new RunRequest(source.text(), source.origin(), null, null, data,
                scenario.variables().isEmpty() ? null : scenario.variables(),
                new RunRequest.Search(goal, start, max, factor, resolutionPct, warmup, levelDuration, require));
    }

    /** Submits the search and follows it level by level until it ends. */
    private int follow(String url, String token, RunRequest request, Path localDir) throws Exception {
        Vertx vertx = Vertx.vertx();
        PrintStream o = System.out;
        try {
            CoordinatorClient client = new CoordinatorClient(vertx, url, token);
            String id;
            try {
                id = Await.result(client.submit(request), Duration.ofSeconds(60));
            } catch (InvalidScenarioException e) {
                ScenarioFiles.printErrors(file, e, System.err);
                return ExitCodes.INVALID;
            }
            o.printf("search %s: %s, goal %s%n", id, file.getFileName(), goal);
            Thread interrupt = new Thread(() -> {
                try {
                    Await.result(client.stopSearch(id), Duration.ofSeconds(5));
                } catch (Exception e) {
                    // shutting down anyway
                }
            }, "stampede-search-interrupt");
            Runtime.getRuntime().addShutdownHook(interrupt);
            int printed = 0;
            String lastRun = null;
            JsonNode s;
            while (true) {
                s = Await.result(client.search(id), Duration.ofSeconds(30));
                JsonNode levels = s.path("levels");
                for (; printed < levels.size(); printed++) {
                    o.println(levelLine(printed + 1, levels.get(printed)));
                }
                if (!"running".equals(s.path("status").asText())) {
                    break;
                }
                Thread.sleep(1000);
            }
            Runtime.getRuntime().removeShutdownHook(interrupt);
            o.println();
            o.println(s.path("answer").asText());
            o.println(localDir != null ? "report: " + localDir.resolve(id).resolve("report.html")
                    : "report: " + CoordinatorClient.normalize(url) + "/api/searches/" + id + "/report.html");
            if (!"done".equals(s.path("status").asText())) {
                return ExitCodes.NOT_CARRIED_OUT;
            }
            return s.path("passed").asBoolean(false) ? ExitCodes.OK : ExitCodes.THRESHOLD_FAILED;
        } finally {
            Await.result(vertx.close(), Duration.ofSeconds(10));
        }
    }

    static String levelLine(int n, JsonNode l) {
        String load = fmt(l.path("target").asDouble()) + " " + l.path("unit").asText();
        String note = l.path("stopped_early").asBoolean() ? "  (stopped early: it clearly failed)"
                : l.hasNonNull("note") ? "  (" + l.path("note").asText() + ")" : "";
        JsonNode f = l.path("figures");
        String latency = f.isMissingNode() || f.isNull() ? "" : String.format(Locale.ROOT, "  p95 %.0f ms",
                f.path("latency_ms").path("p95").asDouble());
        return String.format(Locale.ROOT, "level %d: %-16s goodput %6.2f%% [%.2f–%.2f] of %d conversations%s  %s%s", n, load,
                l.path("share").asDouble(), l.path("low").asDouble(), l.path("high").asDouble(), l.path("conversations").asLong(),
                latency, l.path("verdict").asText().toUpperCase(Locale.ROOT), note);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
