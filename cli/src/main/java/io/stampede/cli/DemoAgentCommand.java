package io.stampede.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo-agent", description = "Starts the demo agent: a simulated support agent to test against.")
final class DemoAgentCommand implements Callable<Integer> {
    @Option(names = "--port", description = "port (default ${DEFAULT-VALUE})")
    int port = 8700;

    @Option(names = "--host", description = "address to bind (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--latency-scale", description = "multiplies every simulated latency; 0 answers at once (default ${DEFAULT-VALUE})")
    double latencyScale = 1.0;

    @Option(names = "--error-rate", description = "fraction of turns that fail, 0..1 (default ${DEFAULT-VALUE})")
    double errorRate = 0.0;

    @Option(names = "--ms-per-token", description = "token pace of generation in ms per output token (default ${DEFAULT-VALUE})")
    double msPerToken = DemoAgentOptions.DEFAULT_MS_PER_TOKEN;

    @Option(names = "--degrade-above", paramLabel = "N", description = "past N turns in flight the LLM slows down and, further on,"
            + " turns skip a tool or mistake the intent (seeded); 0 never (default ${DEFAULT-VALUE})")
    int degradeAbove;

    @Option(names = "--seed", description = "random seed, for reproducible answers")
    Long seed;

    @Option(names = "--otlp-endpoint", paramLabel = "URL", description = "OpenTelemetry mode: POST /chat reports its turns as spans"
            + " (GenAI conventions) to this OTLP/HTTP collector, e.g. http://127.0.0.1:4318, and its replies carry no trace array")
    String otlpEndpoint;

    @Override
    public Integer call() throws Exception {
        DemoAgentOptions options = new DemoAgentOptions().setHost(host).setPort(port).setLatencyScale(latencyScale)
                .setErrorRate(errorRate).setMsPerToken(msPerToken).setDegradeAbove(degradeAbove).setOtlpEndpoint(otlpEndpoint);
        if (seed != null) {
            options.setSeed(seed);
        }
        Vertx vertx = Vertx.vertx();
        DemoAgent agent = Await.result(DemoAgent.start(vertx, options), Duration.ofSeconds(30));
        System.out.printf("demo agent listening on http://%s:%d (POST /chat, GET /ws, POST /v1/chat/completions, /v1/responses,"
                + " /v1/messages, /api/chat, POST /tools/{name}, GET /orders/{id})%n",
                host, agent.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
