package io.stampede.feeder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.bus.Bus;
import io.stampede.bus.Incoming;
import io.stampede.dataset.DrawOrder;
import io.stampede.dataset.JsonlFile;
import io.stampede.scenario.Dataset;
import io.stampede.wire.Addresses;
import io.stampede.wire.DatasetRows;
import io.stampede.wire.DatasetRowsRequest;
import io.stampede.wire.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A run's conversation dataset, on the coordinator: the file indexed once ({@link JsonlFile}: a
 * sparse offset index, not the rows), the {@link DrawOrder} that turns each draw into a row, and
 * the bus endpoint where the run's lanes ask for the rows of their draws. Only the rows asked for
 * are read and sent, so a dataset of any size costs the coordinator its index and the workers the
 * rows in use.
 *
 * <p>A replay's conversations are drawn in the order they began in the recording; paced by its
 * recording, the n-th draw is the n-th arrival, at {@link #arrivalsMs()}.
 *
 * <p>{@link #open} blocks (it reads the file once): call it from a worker thread. Rows are read on
 * worker threads too; the endpoint itself runs on the context that called {@link #serve}.
 */
public final class RunDataset implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunDataset.class);
    /** At most this much row text per answer; the draws beyond it are left for the lane to ask again. */
    static final int MAX_REPLY_BYTES = 8 * 1024 * 1024;
    /** Draws one request may ask for. */
    public static final int MAX_DRAWS = 512;

    private final Dataset dataset;
    private final JsonlFile file;
    private final DrawOrder order;
    private final long[] arrivalsMs;
    private final long recordedSpanMs;
    private MessageConsumer<byte[]> endpoint;

    private RunDataset(Dataset dataset, JsonlFile file, DrawOrder order, long[] arrivalsMs, long recordedSpanMs) {
        this.dataset = dataset;
        this.file = file;
        this.order = order;
        this.arrivalsMs = arrivalsMs;
        this.recordedSpanMs = recordedSpanMs;
    }

    /**
     * Indexes the dataset's file; null for synthetic prompts (the workers make them).
     *
     * @throws IllegalArgumentException saying what is wrong with the file (a row too long, weights)
     */
    public static RunDataset open(Dataset dataset) throws IOException {
        if (dataset == null || dataset.kind() == Dataset.Kind.SYNTHETIC) {
            return null;
        }
        boolean weighted = dataset.order() == Dataset.Order.WEIGHTED;
        boolean replay = dataset.kind() == Dataset.Kind.REPLAY;
        long start = System.nanoTime();
        JsonlFile file = weighted ? JsonlFile.index(dataset.file(), "weight")
                : replay ? JsonlFile.index(dataset.file(), "started_ms", "ended_ms") : JsonlFile.index(dataset.file());
        // A large file takes a while to index before the run starts: say how long (bench/big-dataset.sh reads it).
        LOG.info("data {}: {} rows, {} bytes, indexed in {} ms", dataset.source(), file.rows(), file.bytes(),
                (System.nanoTime() - start) / 1_000_000);
        try {
            if (file.rows() == 0) {
                throw new IllegalArgumentException(dataset.file() + " holds no conversation");
            }
            if (replay) {
                return replay(dataset, file);
            }
            DrawOrder order = switch (dataset.order()) {
                case SEQUENTIAL -> DrawOrder.sequential(file.rows(), dataset.unique());
                case RANDOM -> DrawOrder.random(file.rows(), dataset.seed(), dataset.unique());
                case WEIGHTED -> DrawOrder.weighted(weights(file), dataset.seed());
            };
            return new RunDataset(dataset, file, order, null, -1);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** A row without a number {@code weight} weighs 1; a negative weight is a mistake. */
    private static double[] weights(JsonlFile file) throws IOException {
        double[] weights = file.numbers().clone();
        for (int i = 0; i < weights.length; i++) {
            if (Double.isNaN(weights[i])) {
                weights[i] = 1;
            } else if (weights[i] < 0) {
                throw new IllegalArgumentException(file.path().getFileName() + " line " + file.lineOf(i) + ": weight "
                        + weights[i] + " is negative: weights are 0 or more");
            }
        }
        return weights;
    }

    /** Conversations in the order they began; paced by the recording, their starts from the first one's, over the speed. */
    private static RunDataset replay(Dataset dataset, JsonlFile file) {
        if (file.rows() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(file.path() + " holds more conversations than a replay takes");
        }
        double[] started = file.numbers();
        Integer[] byStart = IntStream.range(0, (int) file.rows()).boxed().toArray(Integer[]::new);
        Arrays.sort(byStart, Comparator.comparingDouble(i -> Double.isNaN(started[i]) ? 0 : started[i]));
        int[] order = Arrays.stream(byStart).mapToInt(Integer::intValue).toArray();
        double[] ended = file.numbers(1);
        long[] arrivals = null;
        long span = -1;
        if (dataset.pacedByRecording()) {
            double first = Double.isNaN(started[order[0]]) ? 0 : started[order[0]];
            arrivals = new long[order.length];
            double last = 0;
            for (int n = 0; n < order.length; n++) {
                double at = Double.isNaN(started[order[n]]) ? first : started[order[n]];
                arrivals[n] = Math.round((at - first) / dataset.speed());
                last = Math.max(last, Double.isNaN(ended[order[n]]) ? at : ended[order[n]]);
            }
            span = Math.round((last - first) / dataset.speed());
        }
        return new RunDataset(dataset, file, DrawOrder.fixed(order), arrivals, span);
    }

    public Dataset dataset() {
        return dataset;
    }

    public long rows() {
        return file.rows();
    }

    /** A replay paced by its recording: from its first conversation's start to its last one's end, over the speed; else -1. */
    public long recordedSpanMs() {
        return recordedSpanMs;
    }

    /** A replay paced by its recording: arrival n's time, in ms after the start; else null. */
    public long[] arrivalsMs() {
        return arrivalsMs;
    }

    /** Answers the lanes of run {@code runId} on the bus until {@link #close}. */
    public Future<Void> serve(Vertx vertx, Bus bus, String runId) {
        endpoint = bus.listen(Addresses.runDataset(runId), DatasetRowsRequest.class, message -> answer(vertx, runId, message));
        return endpoint.completion();
    }

    private void answer(Vertx vertx, String runId, Incoming<DatasetRowsRequest> message) {
        long[] draws = message.body().draws();
        if (draws == null || draws.length == 0 || draws.length > MAX_DRAWS) {
            message.fail("ask for 1 to " + MAX_DRAWS + " draws at a time");
            return;
        }
        vertx.executeBlocking(() -> rows(draws), false).onComplete(read -> {
            if (read.succeeded()) {
                message.reply(new DatasetRows(WireMessage.VERSION, runId, read.result()));
            } else {
                LOG.warn("run {}: cannot read dataset rows: {}", runId, read.cause().getMessage());
                message.fail("the coordinator cannot read the dataset: " + read.cause().getMessage());
            }
        });
    }

    /** The rows of {@code draws}; row -1 for a draw past a dataset used up, -2 for one left for the next request. */
    List<DatasetRows.Drawn> rows(long[] draws) throws IOException {
        long[] rows = new long[draws.length];
        List<Long> wanted = new ArrayList<>();
        for (int i = 0; i < draws.length; i++) {
            rows[i] = draws[i] < 0 ? DrawOrder.EXHAUSTED : order.row(draws[i]);
            if (rows[i] >= 0) {
                wanted.add(rows[i]);
            }
        }
        List<JsonlFile.Row> read = file.read(wanted.stream().mapToLong(Long::longValue).toArray());
        List<DatasetRows.Drawn> out = new ArrayList<>(draws.length);
        long bytes = 0;
        int k = 0;
        for (int i = 0; i < draws.length; i++) {
            if (rows[i] < 0) {
                out.add(new DatasetRows.Drawn(draws[i], DrawOrder.EXHAUSTED, 0, null));
                continue;
            }
            JsonlFile.Row row = read.get(k++);
            bytes += row.text().length();
            out.add(bytes > MAX_REPLY_BYTES && i > 0 ? new DatasetRows.Drawn(draws[i], -2, 0, null)
                    : new DatasetRows.Drawn(draws[i], row.row(), row.line(), row.text()));
        }
        return out;
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.unregister();
        }
        try {
            file.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", file.path(), e.getMessage());
        }
    }
}
