package io.stampede.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the CSV feeder of {@code data:}: RFC 4180 (comma separated, fields in double quotes
 * may hold commas, line breaks and doubled quotes {@code ""}), UTF-8, a header row naming the
 * columns, then at most {@value #MAX_ROWS} rows of the same width. Blank lines are skipped.
 * Errors are {@link IllegalArgumentException}s with the line number and what to fix.
 */
final class CsvFeed {
    static final int MAX_ROWS = 100_000;
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private CsvFeed() {
    }

    /** Reads and parses {@code file}; the table's source is the file's absolute path. */
    static DataTable read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException("is larger than 64 MiB: keep at most " + MAX_ROWS + " rows");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not UTF-8 text: save it as UTF-8 CSV");
        }
        return parse(text, file.toAbsolutePath().normalize().toString());
    }

    static DataTable parse(String text, String source) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        new Parser(text.startsWith("\uFEFF") ? text.substring(1) : text, records, lines).run();
        if (records.isEmpty()) {
            throw new IllegalArgumentException("is empty: the first line must name the columns, e.g. order_id,name");
        }
        List<String> columns = header(records.get(0));
        if (records.size() == 1) {
            throw new IllegalArgumentException("has a header but no rows: add one line per user below it");
        }
        List<Map<String, String>> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> fields = records.get(r);
            if (fields.size() != columns.size()) {
                throw new IllegalArgumentException("line " + lines.get(r) + " has " + fields.size() + " fields but the header has "
                        + columns.size() + ": quote fields that contain commas (\"a, b\")");
            }
            Map<String, String> row = new LinkedHashMap<>(columns.size() * 2);
            for (int c = 0; c < columns.size(); c++) {
                row.put(columns.get(c), fields.get(c));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return new DataTable(source, columns, Collections.unmodifiableList(rows));
    }

    private static List<String> header(List<String> fields) {
        Set<String> seen = new HashSet<>();
        List<String> columns = new ArrayList<>(fields.size());
        for (String f : fields) {
            String name = f.strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("line 1 has an empty column name: name every column in the header");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("line 1 names the column '" + name + "' twice: column names must be unique");
            }
            columns.add(name);
        }
        return List.copyOf(columns);
    }

    /** A small RFC 4180 state machine; records blank lines as nothing. */
    private static final class Parser {
        private final String text;
        private final List<List<String>> records;
        private final List<Integer> lines;
        private int i;
        private int line = 1;

        Parser(String text, List<List<String>> records, List<Integer> lines) {
            this.text = text;
            this.records = records;
            this.lines = lines;
        }

        void run() {
            while (i < text.length()) {
                int startLine = line;
                List<String> fields = record();
                boolean blank = fields.size() == 1 && fields.get(0).isEmpty();
                if (!blank) {
                    records.add(fields);
                    lines.add(startLine);
                    if (records.size() - 1 > MAX_ROWS) {
                        throw new IllegalArgumentException("has more than " + MAX_ROWS
                                + " rows: users reuse rows (user i gets row i mod rows), so fewer rows are enough");
                    }
                }
            }
        }

        /** One record, consuming its line end. */
        private List<String> record() {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quotedField = false;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"' && field.length() == 0 && !quotedField) {
                    quoted(field);
                    quotedField = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    quotedField = false;
                    i++;
                } else if (c == '\r' || c == '\n') {
                    i += (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') ? 2 : 1;
                    line++;
                    break;
                } else if (quotedField) {
                    throw new IllegalArgumentException("line " + line + ": text after a closing quote; inside a quoted field write a"
                            + " quote as two quotes (\"\")");
                } else if (c == '"') {
                    throw new IllegalArgumentException("line " + line + ": a quote inside an unquoted field; put the whole field in"
                            + " quotes and double the quote, e.g. \"say \"\"hi\"\"\"");
                } else {
                    field.append(c);
                    i++;
                }
            }
            fields.add(field.toString());
            return fields;
        }

        private void quoted(StringBuilder field) {
            int openLine = line;
            i++;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    i++;
                    return;
                }
                if (c == '\n') {
                    line++;
                }
                field.append(c);
                i++;
            }
            throw new IllegalArgumentException("line " + openLine + ": a quoted field is never closed: end it with \"");
        }
    }
}
