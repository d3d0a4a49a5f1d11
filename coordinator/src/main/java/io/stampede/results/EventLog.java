package io.stampede.results;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.stampede.wire.NodeEvent;

/**
 * {@code events.jsonl}: the node-level events the workers sampled, one JSON object per line.
 * The first {@code bound} events are all written; past it, every 2nd, then every 4th, … so a
 * long run's file stays bounded in size (about 2 × bound lines) while still covering the run.
 *
 * <p>Each batch reaches the file in one write of whole lines, at once: a coordinator killed at
 * any moment leaves a file that ends with a whole line, and a reader never sees half an event.
 *
 * <p>Not thread-safe: written from the run's ordered writer.
 */
public final class EventLog implements AutoCloseable {
    private final OutputStream out;
    private final ByteArrayOutputStream batch = new ByteArrayOutputStream();
    private final long bound;
    private long offered;
    private long written;
    private long stride = 1;

    public EventLog(Path file, long bound) throws IOException {
        // Appends to what is there: a run folder is created once, so this is a new file.
        this.out = new FileOutputStream(file.toFile(), true);
        this.bound = bound;
    }

    public void append(List<NodeEvent> events) throws IOException {
        for (NodeEvent e : events) {
            if (offered++ % stride != 0) {
                continue;
            }
            batch.write(line(e).getBytes(StandardCharsets.UTF_8));
            batch.write('\n');
            if (++written % bound == 0) {
                stride *= 2;
            }
        }
        if (batch.size() > 0) {
            out.write(batch.toByteArray());
            batch.reset();
        }
    }

    private static String line(NodeEvent e) throws JsonProcessingException {
        return ResultsJson.MAPPER.writeValueAsString(e);
    }

    public long written() {
        return written;
    }

    public long offered() {
        return offered;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
