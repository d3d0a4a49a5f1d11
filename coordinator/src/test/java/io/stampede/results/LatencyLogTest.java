package io.stampede.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.report.LatencyHistory;

/** latency.hlog keeps every key apart, whatever its step is called, and reads back to the same keys. */
class LatencyLogTest {
    @TempDir
    Path tmp;

    @Test
    void keysThatDifferOnlyInCharactersATagCannotHoldStayApart() throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("step:退款", 1);
        counts.put("step:步骤", 2);
        counts.put("step:ask me", 3);
        counts.put("step:ask_me", 4);
        counts.put("step:a,b", 5);
        counts.put("step:100%+", 6);
        counts.put("node:llm_call", 7);
        Path file = tmp.resolve("latency.hlog");
        long start = 1_700_000_000_000L;
        try (LatencyLog log = new LatencyLog(file, start)) {
            counts.forEach((key, n) -> {
                Histogram h = new Histogram(3);
                h.recordValueWithCount(1000, n);
                log.append(key, start, start + 1000, h);
            });
        }

        LatencyHistory history = LatencyHistory.read(file, start, 1);
        counts.forEach((key, n) -> assertThat(history.total(key).getTotalCount()).as(key).isEqualTo(n.longValue()));

        // HdrHistogram's own reader sees one plain tag per key: no blank or comma inside.
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                assertThat(h.getTag()).doesNotContain(" ", ",");
            }
        }
        assertThat(LatencyLog.tag("step:ask_refund")).as("plain names stay readable").isEqualTo("step:ask_refund");
    }
}
