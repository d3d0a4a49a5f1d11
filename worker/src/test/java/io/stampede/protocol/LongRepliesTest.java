package io.stampede.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.stampede.check.Truncation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;

/**
 * Replies far longer than a scenario keeps ({@code target.max_reply_bytes}: 64 KiB here) from a
 * real server on loopback: a streamed turn is read to its end and succeeds, keeping only the
 * start of its text and counting the rest; a JSON answer that long cannot be parsed from its
 * start and fails its turn saying what to do; an error answer keeps its start for the checks.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class LongRepliesTest {
    private static final int KEPT = 64 * 1024;
    private static final long SENT = 8L << 20;

    @RegisterExtension
    final StreamReplayServer server = new StreamReplayServer();

    /** Whether the lane has the lean client (the user's own connection) or only the Vert.x pool. */
    boolean lean() {
        return true;
    }

    private Drivers.Harness driver(Vertx vertx, String path, String extra) {
        return Drivers.create(vertx, "  base_url: " + server.baseUrl() + "\n  protocol: openai\n  model: m\n"
                + "  max_reply_bytes: 64KiB\n  request: { path: \"" + path + "\"" + extra + " }", lean());
    }

    private static AgentResponse await(Future<AgentResponse> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(50, TimeUnit.SECONDS);
    }

    @Test
    void aStreamedReplyLongerThanMaxReplyBytesIsReadToItsEndKeepingOnlyItsStart(Vertx vertx) throws Exception {
        AgentResponse r = await(driver(vertx, "/long?bytes=" + SENT, "").send(new TestSession(1, "c1"), "hi"));

        assertThat(r.error()).isNull();
        assertThat(r.finishReason()).as("the terminal event, past the kept part, was read").isEqualTo("stop");
        assertThat(r.reply()).startsWith("BEGIN word word").doesNotContain("THE END");
        assertThat(r.reply().length()).isBetween(KEPT - 8, KEPT);
        Truncation cut = r.truncation();
        assertThat(cut).isNotNull();
        assertThat(cut.limitBytes()).isEqualTo(KEPT);
        assertThat(cut.totalBytes()).isEqualTo(StreamReplayServer.longBytes(SENT));
    }

    @Test
    void theTokensOfTheDroppedPartAreCountedAtTheKeptPartsRate(Vertx vertx) throws Exception {
        AgentResponse r = await(driver(vertx, "/long?bytes=" + SENT, "").send(new TestSession(1, "c1"), "hi"));

        // model m has no tokenizer: the estimate, one token per four characters of this ASCII text
        assertThat(r.usage().reported()).isFalse();
        assertThat((double) r.usage().outputTokens()).isCloseTo(StreamReplayServer.longBytes(SENT) / 4.0,
                within(StreamReplayServer.longBytes(SENT) / 4.0 * 0.001));
    }

    @Test
    void theServersOwnUsageStandsForAReplyOfAnyLength(Vertx vertx) throws Exception {
        AgentResponse r = await(driver(vertx, "/long?usage=1&bytes=" + SENT, "").send(new TestSession(1, "c1"), "hi"));

        assertThat(r.usage().reported()).isTrue();
        assertThat(r.usage().outputTokens()).isEqualTo(7);
    }

    @Test
    void theConversationGoesOnAfterALongReply(Vertx vertx) throws Exception {
        Drivers.Harness long1 = driver(vertx, "/long?bytes=" + SENT, "");
        TestSession user = new TestSession(1, "c1");
        await(long1.send(user, "first"));
        AgentResponse next = await(driver(vertx, "/replay/openai-basic.sse", "").send(user, "second"));

        assertThat(next.error()).isNull();
        assertThat(next.reply()).isEqualTo("Hello, 世界!");
        assertThat(user.history()).as("the kept start of the long reply is what the conversation resends")
                .hasSize(4)
                .anySatisfy(m -> assertThat((String) m.get("content")).startsWith("BEGIN word").hasSizeLessThanOrEqualTo(KEPT));
    }

    @Test
    void aJsonAnswerLongerThanMaxReplyBytesFailsItsTurnSayingWhatToDo(Vertx vertx) throws Exception {
        AgentResponse r = await(driver(vertx, "/long-json?bytes=" + SENT, ", stream: false").send(new TestSession(1, "c1"), "hi"));

        assertThat(r.error()).isEqualTo("the answer is larger than target.max_reply_bytes (64 KiB), so its JSON cannot be"
                + " read: raise target.max_reply_bytes");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.truncation().totalBytes()).isGreaterThan(SENT - 1000);
    }

    @Test
    void anErrorAnswerLongerThanMaxReplyBytesKeepsItsStartForTheChecks(Vertx vertx) throws Exception {
        AgentResponse r = await(driver(vertx, "/long-json?status=500&bytes=" + SENT, "").send(new TestSession(1, "c1"), "hi"));

        assertThat(r.error()).as("the status is the step's reason, judged by the engine").isNull();
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).startsWith("{\"object\":\"chat.completion\"").hasSize(KEPT);
        assertThat(r.truncation().totalBytes()).isGreaterThan(SENT - 1000);
    }
}
