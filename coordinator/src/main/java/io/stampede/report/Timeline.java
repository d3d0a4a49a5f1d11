package io.stampede.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code timeseries.csv} read back as columns ({@code second → [..]}, {@code requests → [..]}…),
 * the shape the charts take. Columns are found by header name, so a file with more or fewer
 * columns still reads; the {@code time} column (text) is dropped: charts use {@code second}.
 */
public final class Timeline {
    private Timeline() {
    }

    /** Every numeric column, in file order; empty when the file is missing. */
    public static Map<String, List<Double>> read(Path file) throws IOException {
        Map<String, List<Double>> columns = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return columns;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                return columns;
            }
            String[] names = header.split(",", -1);
            Map<Integer, List<Double>> byIndex = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                if (!names[i].equals("time")) {
                    List<Double> column = new ArrayList<>();
                    columns.put(names[i], column);
                    byIndex.put(i, column);
                }
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                byIndex.forEach((i, column) -> column.add(i < cells.length ? number(cells[i]) : null));
            }
        }
        return columns;
    }

    private static Double number(String cell) {
        if (cell.isEmpty()) {
            return null;
        }
        try {
            return Double.valueOf(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
