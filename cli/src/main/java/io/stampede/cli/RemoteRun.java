package io.stampede.cli;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import io.stampede.api.RunRequest;
import io.stampede.results.ResultsJson;
import io.stampede.results.Summary;
import io.stampede.run.RunIdentity;
import io.stampede.scenario.DataTable;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * {@code stampede run FILE --coordinator URL}: the run happens on a coordinator, the CLI only
 * sends it and follows it. The scenario was loaded here first (exit 2 before anything is sent);
 * its CSV rows and the environment values it uses travel in the request, since the coordinator
 * can read neither. The feed is followed with the terminal progress, reconnecting with
 * {@code Last-Event-ID} when the connection drops; the summary and the exit code are those of a
 * local run. Results stay on the coordinator.
 */
final class RemoteRun {
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectReader SUMMARY = ResultsJson.MAPPER.readerFor(Summary.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // a newer coordinator may say more

    private final Path file;
    private final String url;
    private final String token;
    private final boolean quiet;
    private final RunEnding ending;
    private final PrintStream out;
    private final PrintStream err;
    private boolean record;

    RemoteRun(Path file, String url, String token, boolean quiet, RunEnding ending) {
        this.file = file;
        this.url = url;
        this.token = token;
        this.quiet = quiet;
        this.ending = ending;
        this.out = ending.out();
        this.err = ending.err();
    }

    int run(ScenarioSource source, Scenario scenario, Integer users, String duration, RunIdentity identity) throws Exception {
        return run(source, scenario, users, duration, identity, false);
    }

    /** @param record the coordinator records the run's conversations ({@code --record}) */
    int run(ScenarioSource source, Scenario scenario, Integer users, String duration, RunIdentity identity, boolean record)
            throws Exception {
        if (scenario.dataset() != null && scenario.dataset().file() != null) {
            err.println(file + ": data " + scenario.dataset().source() + " is read by row from the disk of the coordinator that"
                    + " runs it; a coordinator elsewhere cannot reach it: run the scenario in this process (without --coordinator)");
            return ExitCodes.INVALID;
        }
        this.record = record;
        Vertx vertx = Vertx.vertx();
        try {
            CoordinatorClient client;
            try {
                client = new CoordinatorClient(vertx, url, token);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return ExitCodes.INVALID;
            }
            return run(client, request(source, scenario, users, duration, identity), users != null ? users : scenario.load().totalUsers(),
                    scenario.name());
        } finally {
            Await.result(vertx.close(), Duration.ofSeconds(10));
        }
    }

    private RunRequest request(ScenarioSource source, Scenario scenario, Integer users, String duration, RunIdentity identity) {
        DataTable data = scenario.data() == DataTable.EMPTY ? null : scenario.data();
        return new RunRequest(source.text(), source.origin(), users, duration, data,
                scenario.variables().isEmpty() ? null : scenario.variables(),
                identity.tags().isEmpty() ? null : identity.tags(), identity.labels().isEmpty() ? null : identity.labels(),
                identity.submittedBy(), null, record ? Boolean.TRUE : null);
    }

    /**
     * What to do when the coordinator's certificate is not trusted (self-signed, or a private CA):
     * the JVM's trust store decides, and Vert.x says only "Failed to create SSL connection".
     */
    static String tlsAdvice(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || String.valueOf(t.getMessage()).contains("SSL")) {
                return " (is its certificate signed by a CA this JVM trusts? add yours with"
                        + " STAMPEDE_JAVA_OPTS=\"-Djavax.net.ssl.trustStore=FILE -Djavax.net.ssl.trustStorePassword=…\")";
            }
        }
        return "";
    }

    private int run(CoordinatorClient client, RunRequest request, int users, String name) throws Exception {
        String id;
        try {
            id = Await.result(client.submit(request), SUBMIT_TIMEOUT);
        } catch (InvalidScenarioException e) {
            ScenarioFiles.printErrors(file, e, err);
            return ExitCodes.INVALID;
        } catch (CoordinatorClient.CoordinatorException e) {
            err.println(e.getMessage());
            return ExitCodes.NOT_CARRIED_OUT;
        } catch (TimeoutException e) {
            err.println("the coordinator at " + client.base() + " did not answer: " + e.getMessage());
            return ExitCodes.NOT_CARRIED_OUT;
        } catch (Exception e) {
            err.println("cannot reach the coordinator at " + client.base() + ": " + e.getMessage() + tlsAdvice(e));
            return ExitCodes.NOT_CARRIED_OUT;
        }
        out.printf("run %s on %s: %s, %d users%n", id, client.base(), name, users);
        TerminalProgress progress = new TerminalProgress(out, System.console() != null);
        Future<JsonNode> done = new FeedFollower(client, id, quiet ? e -> { } : progress::onEvent).follow();
        JsonNode end;
        boolean interrupted;
        try (Interrupts interrupts = Interrupts.handle(() -> stop(client, id), "stopping run " + id
                + " on the coordinator: conversations in flight finish, then the results so far follow", err)) {
            end = Await.result(done, Duration.ofDays(7));
            interrupted = interrupts.happened();
        } catch (CoordinatorClient.CoordinatorException | FeedFollower.FeedLostException e) {
            progress.close();
            err.println("run " + id + ": " + e.getMessage());
            return ExitCodes.NOT_CARRIED_OUT;
        }
        progress.close();
        return finish(client, id, end, interrupted);
    }

    /** Prints the summary of the {@code done} event, the run's pages on the coordinator, and the verdict. */
    private int finish(CoordinatorClient client, String id, JsonNode end, boolean interrupted) throws Exception {
        JsonNode summaryNode = end.get("summary");
        Summary summary = summaryNode == null || summaryNode.isNull() ? null : SUMMARY.readValue(summaryNode);
        String run = URLEncoder.encode(id, StandardCharsets.UTF_8);
        List<String> where = List.of("dashboard: " + client.base() + "/#/runs/" + run,
                "report: " + client.base() + "/api/runs/" + run + "/files/report.html");
        return ending.print(summary, end.path("status").asText(), end.path("reason").asText(null), where, interrupted);
    }

    /** Ctrl-C: ask the coordinator to stop the run (gracefully); its done event then ends the wait. */
    private void stop(CoordinatorClient client, String id) {
        try {
            Await.result(client.stop(id), Duration.ofSeconds(5));
        } catch (Exception e) {
            err.println("could not ask the coordinator to stop run " + id + ": " + e.getMessage() + " (Ctrl-C again to quit)");
        }
    }
}
