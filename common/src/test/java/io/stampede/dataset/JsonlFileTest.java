package io.stampede.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows read back by number from a sparse index, whatever the order asked; blank lines are no rows. */
class JsonlFileTest {

    @Test
    void everyRowReadsBackByNumberFromASparseIndex(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rows.jsonl");
        int rows = 1_000;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                if (i % 100 == 0) {
                    out.write("\n   \n"); // blank lines are skipped, not rows
                }
                out.write("{\"n\": " + i + ", \"weight\": " + (i % 3) + ", \"text\": \"" + "x".repeat(i % 50) + "\"}\n");
            }
        }
        try (JsonlFile index = JsonlFile.index(file, "weight")) {
            assertThat(index.rows()).isEqualTo(rows);
            long[] wanted = {999, 0, 64, 63, 500, 500, 128, 1};
            List<JsonlFile.Row> read = index.read(wanted);
            for (int i = 0; i < wanted.length; i++) {
                assertThat(read.get(i).row()).isEqualTo(wanted[i]);
                assertThat(read.get(i).text()).startsWith("{\"n\": " + wanted[i] + ",");
            }
            assertThat(index.lineOf(0)).isEqualTo(3);
            assertThat(index.lineOf(100)).as("two blank lines before row 0 and before row 100").isEqualTo(100 + 2 * 2 + 1);
            assertThat(index.numbers()).hasSize(rows);
            assertThat(index.numbers()[5]).isEqualTo(2.0);
            assertThatThrownBy(() -> index.read(new long[] {rows})).hasMessageContaining("not in rows.jsonl");
        }
    }

    @Test
    void aLastLineWithoutNewlineIsARowAndALineTooLongIsRefusedWithItsNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("end.jsonl");
        Files.writeString(file, "{\"a\": 1}\n{\"a\": 2}");
        try (JsonlFile index = JsonlFile.index(file, null)) {
            assertThat(index.rows()).isEqualTo(2);
            assertThat(index.read(new long[] {1}).get(0).text()).isEqualTo("{\"a\": 2}");
            assertThat(index.numbers()).isNull();
        }
        Path big = dir.resolve("big.jsonl");
        Files.writeString(big, "{}\n{\"x\": \"" + "y".repeat(JsonlFile.MAX_ROW_BYTES) + "\"}\n");
        assertThatThrownBy(() -> JsonlFile.index(big, null)).hasMessageContaining("line 2 is longer than 4 MiB");
    }
}
