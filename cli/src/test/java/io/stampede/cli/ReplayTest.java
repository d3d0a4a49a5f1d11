package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.results.Summary;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Record and replay: a run made with {@code --record} is sent again by {@code stampede replay}
 * (and by {@code data: { replay: … }}), every recorded turn once, each reply checked against the
 * recorded one; an agent that now answers otherwise fails the replay.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ReplayTest {

    @Test
    void aRecordedRunIsReplayedTurnByTurnAndEachReplyMatchesItsRecording(@TempDir Path dir) throws Exception {
        Path recorded = record(dir);
        List<Map<String, Object>> conversations = Workloads.lines(recorded, "conversations.jsonl");
        int turns = conversations.stream().mapToInt(c -> Workloads.turns(c).size()).sum();

        CommandOutput replay = CommandOutput.run("replay", recorded.toString(), "--users", "2", "--out", dir.resolve("replays").toString(),
                "--quiet");

        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isEqualTo(ExitCodes.OK);
        Summary summary = Workloads.summary(Workloads.runFolder(dir.resolve("replays")));
        assertThat(summary.conversations().started()).isEqualTo(conversations.size());
        assertThat(Workloads.step(summary, "replay").count()).isEqualTo(turns);
        Summary.CheckLine expected = Workloads.check(summary, "replay", "assert.expected_reply");
        assertThat(expected.count()).isEqualTo(turns);
        assertThat(expected.passRate()).isEqualTo(100.0);
        assertThat(Files.readString(dir.resolve("replays").resolve("replay-of-" + recorded.getFileName() + ".yaml")))
                .contains("replay: " + recorded, "from_dataset", "expected_reply");
    }

    @Test
    void aReplayAtItsRecordedPaceStartsEachConversationWhenItBegan(@TempDir Path dir) throws Exception {
        Path recorded = record(dir);
        List<Map<String, Object>> conversations = Workloads.lines(recorded, "conversations.jsonl");

        CommandOutput replay = CommandOutput.run("replay", recorded.toString(), "--timing", "scaled", "--speed", "2", "--out",
                dir.resolve("replays").toString(), "--quiet");

        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isEqualTo(ExitCodes.OK);
        Summary summary = Workloads.summary(Workloads.runFolder(dir.resolve("replays")));
        assertThat(summary.arrivals().planned()).as("one arrival per recorded conversation").isEqualTo(conversations.size());
        assertThat(summary.conversations().succeeded()).isEqualTo(conversations.size());
    }

    @Test
    void anAgentThatNowAnswersOtherwiseFailsTheReplay(@TempDir Path dir) throws Exception {
        Path recorded = record(dir);
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer other = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> req.response()
                    .putHeader("content-type", "application/json")
                    .end("{\"reply\": \"Sorry, our shop is closed.\", \"intent\": \"unknown\"}")))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            CommandOutput replay = CommandOutput.run("replay", recorded.toString(), "--base-url",
                    "http://127.0.0.1:" + other.actualPort(), "--out", dir.resolve("replays").toString(), "--quiet");

            assertThat(replay.exitCode()).as(replay.out() + replay.err()).isEqualTo(ExitCodes.THRESHOLD_FAILED);
            Summary summary = Workloads.summary(Workloads.runFolder(dir.resolve("replays")));
            Summary.CheckLine expected = Workloads.check(summary, "replay", "assert.expected_reply");
            assertThat(expected.passRate()).isZero();
            assertThat(Workloads.step(summary, "replay").failures().get(0).reason())
                    .isEqualTo("reply is less similar to the expected reply than 0.8");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theShippedReplayScenarioRunsAsShipped(@TempDir Path out) {
        assertThat(Main.execute("run", "../scenarios/replay.yaml", "--out", out.toString(), "--quiet")).isEqualTo(ExitCodes.OK);
        Summary summary = Workloads.summary(Workloads.runFolder(out));
        assertThat(summary.conversations().succeeded()).isEqualTo(
                Workloads.lines(Path.of("../scenarios/data/recorded-run"), "conversations.jsonl").size());
    }

    /** A short quickstart run recorded with --record; its folder. Its latency thresholds may fail on a busy machine: not our point. */
    private static Path record(Path dir) {
        Path out = dir.resolve("recorded");
        assertThat(Main.execute("run", "../scenarios/quickstart.yaml", "--users", "2", "--duration", "3s", "--record", "--out",
                out.toString(), "--quiet")).isIn(ExitCodes.OK, ExitCodes.THRESHOLD_FAILED);
        return Workloads.runFolder(out);
    }
}
