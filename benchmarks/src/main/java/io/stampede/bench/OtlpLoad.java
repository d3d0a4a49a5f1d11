package io.stampede.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An instrumented agent's exporters under load, for {@code bench/otlp-capacity.sh}: POSTs
 * {@link AgentBatches} of 512 spans (gzip, protobuf) to a receiver on loopback at {@code RATE}
 * batches a second (0: as fast as {@code CONCURRENCY} requests in flight allow: a flood) for
 * {@code SECONDS}, then prints what it sent and the answers. Bounded in count and time.
 * {@code PROMPT_BYTES} (optional) adds a prompt of that size to every model call, as
 * instrumentations that record content do: big batches.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.stampede.bench.OtlpLoad URL SEED_HEX RATE SECONDS CONCURRENCY [PROMPT_BYTES]</pre>
 */
public final class OtlpLoad {
    private static final int SPANS = 512;

    private OtlpLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long seed = Long.parseUnsignedLong(args[1], 16);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int promptBytes = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        List<byte[]> bodies = new ArrayList<>();
        int plainBytes = AgentBatches.request(seed, SPANS, 0, promptBytes).getSerializedSize();
        int spansPerBatch = SPANS / AgentBatches.SPANS_PER_TURN * AgentBatches.SPANS_PER_TURN;
        for (int b = 0; b < (promptBytes > 0 ? 16 : 256); b++) {
            bodies.add(AgentBatches.gzip(AgentBatches.request(seed, SPANS, b, promptBytes).toByteArray()));
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        Semaphore inFlight = new Semaphore(concurrency);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        while (System.nanoTime() < end) {
            if (rate > 0) {
                long due = start + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            if (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/x-protobuf").header("content-encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) (sent % bodies.size())))).build();
            sent++;
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                inFlight.release();
                if (error != null) {
                    failures.incrementAndGet();
                } else {
                    statuses.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
                }
            });
        }
        inFlight.acquire(concurrency);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long ok = statuses.getOrDefault(200, new AtomicLong()).get();
        System.out.printf("sent %d batches of %d spans (%d KiB, %d KiB gzipped) in %.1f s: %.0f spans/s offered, %.0f spans/s taken (200); statuses %s,"
                + " failures %d%n", sent, spansPerBatch, plainBytes / 1024, bodies.get(0).length / 1024, elapsed, sent * spansPerBatch / elapsed, ok * spansPerBatch / elapsed,
                statuses, failures.get());
    }
}
