package io.stampede.assist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.stampede.check.Usage;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.protocol.AgentResponse;
import io.stampede.protocol.ProtocolDriver;
import io.stampede.protocol.anthropic.AnthropicDriver;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.protocol.openai.OpenAiChatDriver;
import io.stampede.protocol.responses.ResponsesDriver;
import io.stampede.protocol.sse.StreamExchange;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.HttpMapping;
import io.stampede.scenario.Target;
import io.stampede.template.JsonTemplate;
import io.stampede.template.Variables;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/**
 * One lane's calls to a model Stampede itself uses (the simulated user, the judge), made with the
 * worker's own protocol drivers ({@code openai}, {@code openai-responses}, {@code anthropic}) over
 * a pooled client of its own — never the agent's connections. At most {@code limit} calls at once
 * ({@link CallLimiter}); each call's latency, tokens and failure go to {@code <helper>:calls},
 * its wait for a free slot to {@code <helper>:wait}: the helper's figures, apart from the agent's.
 * A call that outlasts the endpoint's timeout is abandoned and fails. On the lane's event loop only.
 */
public final class ModelClient {
    private final Vertx vertx;
    private final Target endpoint;
    private final HttpClientAgent client;
    private final ProtocolDriver driver;
    private final CallLimiter limiter;
    private final KeyStats calls;
    private final KeyStats waits;
    private final SplittableRandom random;

    /** What a call brought back: the answer's text, or why there is none. */
    public record Answer(String text, Usage usage, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * @param helper  {@code simulator} or {@code judge}: the prefix of its metric keys
     * @param fields  extra request fields ({@code temperature}, {@code seed}…); text values may be templates
     */
    public ModelClient(Vertx vertx, Target endpoint, String helper, int limit, Map<String, Object> fields, LaneRecorder recorder,
                       long seed) {
        this.vertx = vertx;
        this.limiter = new CallLimiter(limit);
        this.calls = recorder.key(MetricKey.helper(helper, "calls"));
        this.waits = recorder.key(MetricKey.helper(helper, "wait"));
        this.random = new SplittableRandom(seed);
        HttpMapping http = endpoint.http();
        JsonTemplate body = fields.isEmpty() ? http.body() : JsonTemplate.compile(new LinkedHashMap<>(fields));
        this.endpoint = new Target(endpoint.baseUrl(), endpoint.protocol(), endpoint.model(), endpoint.headers(), endpoint.timeout(),
                null, new HttpMapping(http.method(), http.path(), body, http.reply(), http.intent(), http.tools(), http.usage(),
                http.trace(), http.conversationId(), http.toolsPath()), false, endpoint.stream(), null, endpoint.spans(),
                endpoint.maxReplyBytes(), endpoint.tokenizer(), endpoint.sourceAddresses());
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, endpoint.timeout().toMillis());
        this.client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                        .setConnectTimeout(timeoutMs).setTrustAll(true).setVerifyHost(false),
                new PoolOptions().setHttp1MaxSize(Math.max(1, limit)));
        HttpTransport transport = new HttpTransport(client, this.endpoint);
        StreamExchange streams = new StreamExchange(transport);
        this.driver = switch (endpoint.protocol()) {
            case OPENAI_RESPONSES -> new ResponsesDriver(streams, this.endpoint);
            case ANTHROPIC -> new AnthropicDriver(streams, this.endpoint);
            default -> new OpenAiChatDriver(streams, this.endpoint);
        };
    }

    public String model() {
        return endpoint.model();
    }

    /**
     * Asks the model: {@code history} (role/content messages, a system message first) and then
     * {@code message} as the user's. Never fails: a failure is an {@link Answer} with an error.
     *
     * @param variables what the request's templates may use (the user's variables)
     */
    public Future<Answer> ask(List<Map<String, Object>> history, String message, Variables variables) {
        long queued = System.nanoTime();
        return limiter.acquire().compose(go -> {
            waits.record((System.nanoTime() - queued) / 1000, true);
            return call(history, message, variables);
        });
    }

    private Future<Answer> call(List<Map<String, Object>> history, String message, Variables variables) {
        long start = System.nanoTime();
        CallSession session = new CallSession(new java.util.ArrayList<>(history), variables, random);
        Promise<Answer> answer = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, endpoint.timeout().toMillis()), id -> {
            session.cancel();
            answer.tryComplete(new Answer(null, Usage.NONE, "no answer within " + endpoint.timeout().toMillis() + " ms"));
        });
        driver.send(session, null, message).onComplete(done -> answer.tryComplete(read(done.succeeded() ? done.result()
                : AgentResponse.failed(HttpTransport.describe(done.cause()), 0, null))));
        return answer.future().map(a -> {
            vertx.cancelTimer(timer);
            limiter.release();
            calls.record((System.nanoTime() - start) / 1000, a.ok());
            calls.addTokens(a.usage().inputTokens(), a.usage().outputTokens());
            if (!a.ok()) {
                calls.addFailure(a.error());
            }
            return a;
        });
    }

    private static Answer read(AgentResponse r) {
        if (!r.transportOk()) {
            return new Answer(null, r.usage(), r.error());
        }
        if (r.status() / 100 != 2) {
            return new Answer(null, Usage.NONE, "HTTP " + r.status());
        }
        if (r.reply() == null) {
            return new Answer(null, r.usage(), "the answer holds no text");
        }
        return new Answer(r.reply(), r.usage(), null);
    }

    public Future<Void> close() {
        return client.close();
    }
}
