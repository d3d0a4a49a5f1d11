package io.stampede.results;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.stampede.wire.NodeEvent;

/**
 * {@code events.jsonl}: the node-level events the workers sampled, one JSON object per line.
 * The first {@code bound} events are all written; past it, every 2nd, then every 4th, … so a
 * long run's file stays bounded in size (about 2 × bound lines) while still covering the run.
 *
 * <p>Not thread-safe: written from the run's ordered writer.
 */
public final class EventLog implements AutoCloseable {
    private final BufferedWriter out;
    private final long bound;
    private long offered;
    private long written;
    private long stride = 1;

    public EventLog(Path file, long bound) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.bound = bound;
    }

    public void append(List<NodeEvent> events) throws IOException {
        for (NodeEvent e : events) {
            if (offered++ % stride != 0) {
                continue;
            }
            out.write(line(e));
            out.write('\n');
            if (++written % bound == 0) {
                stride *= 2;
            }
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
