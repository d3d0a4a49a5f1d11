package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.stampede.metrics.KeyStats;
import io.stampede.protocol.StreamReplayServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;

/**
 * A run against a real server on loopback whose replies are megabytes long, with
 * {@code max_reply_bytes: 64KiB} ({@code long-replies.yaml}): what a user relies on is that such
 * steps succeed unless a check needed what was dropped, and that then the reason says what to do.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LongRepliesRunTest {
    private static final String ADVICE = "checked only the first 64 KiB of a longer reply: raise target.max_reply_bytes";

    @RegisterExtension
    final StreamReplayServer server = new StreamReplayServer();

    @Test
    void longRepliesSucceedUnlessACheckNeededWhatWasDroppedAndThenTheReasonSaysWhatToDo(Vertx vertx, VertxTestContext ctx) {
        SliceDriver.start(vertx)
                .compose(driver -> driver.run(TestScenarios.load("long-replies.yaml", server.baseUrl())))
                .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
                    KeyStats stream = result.step("stream");
                    assertThat(stream.count()).isEqualTo(4);
                    assertThat(stream.errors()).as("a 4 MB stream completes: %s", stream.failures()).isZero();
                    assertThat(stream.turnsCounted()).as("the target reported no usage: counted").isEqualTo(4);
                    assertThat((double) stream.outputTokens() / 4).as("the whole reply's tokens, not the kept part's")
                            .isCloseTo(StreamReplayServer.longBytes(4_000_000) / 4.0, org.assertj.core.api.Assertions.within(100.0));

                    assertThat(result.step("stream_end").failures()).containsExactly(
                            Map.entry("reply does not contain \"THE END\": " + ADVICE, 4L));
                    assertThat(result.events()).filteredOn(e -> e.step().equals("stream_end") && e.node().equals("step"))
                            .isNotEmpty().allSatisfy(e -> assertThat(e.error()).as("the reply's size in the detail")
                                    .isEqualTo("reply does not contain \"THE END\": checked only the first 64 KiB of a 3.8 MiB"
                                            + " reply: raise target.max_reply_bytes"));

                    assertThat(result.step("unread").errors()).as("a body nobody reads").isZero();
                    assertThat(result.step("start_read").errors()).as("a check that the kept start answers").isZero();
                    assertThat(result.step("short_read_later").errors()).isZero();
                    assertThat(result.step("assert_6").errors()).as("an assert step reads the body of the request before it")
                            .isZero();
                    assertThat(result.step("json").failures()).containsExactly(Map.entry("$.object cannot be read: " + ADVICE, 4L));
                    assertThat(result.step("extracted").failures()).containsExactly(
                            Map.entry("extract kind: $.object cannot be read: " + ADVICE, 4L));
                    ctx.completeNow();
                })));
    }
}
