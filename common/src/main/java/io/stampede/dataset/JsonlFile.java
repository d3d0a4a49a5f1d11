package io.stampede.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.stampede.json.Json;

/**
 * A JSONL file read by row without loading it: one streaming pass notes the byte offset of every
 * {@link #STRIDE}-th row (blank lines are no rows), so the index of a file of {@code n} rows
 * holds {@code n / 64} offsets — a 1 GB file of 1 KB rows, about 16,000 of them (125 KB), whatever
 * the file's size. A row is read by seeking to the offset before it and reading at most 63 rows
 * further. A row longer than {@link #MAX_ROW_BYTES} is refused when the file is indexed.
 *
 * <p>The pass can also note top-level numbers of every row ({@code weight} for weighted sampling,
 * {@code started_ms} and {@code ended_ms} of a recording), which then cost 8 bytes a row each.
 *
 * <p>Thread-safe after {@link #index}: reads use positional reads of one channel.
 */
public final class JsonlFile implements AutoCloseable {
    public static final int STRIDE = 64;
    public static final int MAX_ROW_BYTES = 4 * 1024 * 1024;
    private static final int BUFFER = 256 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long rows;
    private final long[] offsets;
    private final long[] lines;
    private final double[][] numbers;
    private final long bytes;

    private JsonlFile(Path path, FileChannel channel, long rows, long[] offsets, long[] lines, double[][] numbers, long bytes) {
        this.path = path;
        this.channel = channel;
        this.rows = rows;
        this.offsets = offsets;
        this.lines = lines;
        this.numbers = numbers;
        this.bytes = bytes;
    }

    /**
     * Indexes {@code path} in one pass.
     *
     * @param numberFields top-level fields whose numbers to note per row (NaN where absent); none, or null
     * @throws IllegalArgumentException saying which line is too long
     */
    public static JsonlFile index(Path path, String... numberFields) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            Scan scan = new Scan(numberFields == null || numberFields.length == 0 || numberFields[0] == null ? null : numberFields);
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            long position = 0;
            while (true) {
                buffer.clear();
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break;
                }
                scan.feed(buffer.array(), n, position);
                position += n;
            }
            scan.end(position);
            return new JsonlFile(path, channel, scan.rows, Arrays.copyOf(scan.offsets, scan.marks),
                    Arrays.copyOf(scan.lines, scan.marks), scan.numbers(), position);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public long rows() {
        return rows;
    }

    public long bytes() {
        return bytes;
    }

    /** The numbers of the first field asked for, by row (NaN where a row had none); null when none was asked for. */
    public double[] numbers() {
        return numbers == null ? null : numbers[0];
    }

    /** The numbers of the {@code i}-th field asked for, by row. */
    public double[] numbers(int i) {
        return numbers[i];
    }

    /** The file's line (from 1) of {@code row}, for messages. */
    public long lineOf(long row) throws IOException {
        return read(new long[] {row}).get(0).line();
    }

    /** A row of the file and the line it is on (from 1). */
    public record Row(long row, long line, String text) {
    }

    /** The rows asked for, in the order asked; each must be below {@link #rows}. */
    public List<Row> read(long[] wanted) throws IOException {
        long[] sorted = wanted.clone();
        Arrays.sort(sorted);
        Row[] found = new Row[sorted.length];
        Reader reader = null;
        for (int i = 0; i < sorted.length; i++) {
            long row = sorted[i];
            if (row < 0 || row >= rows) {
                throw new IllegalArgumentException("row " + row + " is not in " + path.getFileName() + " (" + rows + " rows)");
            }
            int mark = (int) (row / STRIDE);
            // Forward from where the last read stopped when that is on the way, else from the row's mark.
            if (reader == null || reader.row > row || reader.row < (long) mark * STRIDE) {
                reader = new Reader(offsets[mark], lines[mark], (long) mark * STRIDE);
            }
            found[i] = reader.skipTo(row);
        }
        List<Row> out = new ArrayList<>(wanted.length);
        for (long w : wanted) {
            out.add(found[Arrays.binarySearch(sorted, w)]);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Reads rows forward from an offset; {@code row} is the number of the next row it will return. */
    private final class Reader {
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        private long filePosition;
        private long line;
        long row;

        Reader(long offset, long line, long row) {
            this.filePosition = offset;
            this.line = line;
            this.row = row;
            buffer.limit(0);
        }

        Row skipTo(long target) throws IOException {
            while (true) {
                long lineNumber = line;
                byte[] text = nextLine();
                if (text == null) {
                    throw new IOException(path.getFileName() + " ended before row " + target + ": was it changed since it was indexed?");
                }
                if (isBlank(text, text.length)) {
                    continue;
                }
                long number = row++;
                if (number == target) {
                    return new Row(number, lineNumber, new String(text, StandardCharsets.UTF_8));
                }
            }
        }

        private byte[] nextLine() throws IOException {
            java.io.ByteArrayOutputStream out = null;
            while (true) {
                if (!buffer.hasRemaining()) {
                    buffer.clear();
                    int n = channel.read(buffer, filePosition);
                    buffer.flip();
                    if (n <= 0) {
                        line++;
                        return out == null ? null : out.toByteArray();
                    }
                    filePosition += n;
                }
                byte[] array = buffer.array();
                int start = buffer.position();
                int end = buffer.limit();
                for (int i = start; i < end; i++) {
                    if (array[i] == '\n') {
                        buffer.position(i + 1);
                        line++;
                        if (out == null) {
                            return Arrays.copyOfRange(array, start, i);
                        }
                        out.write(array, start, i - start);
                        return out.toByteArray();
                    }
                }
                if (out == null) {
                    out = new java.io.ByteArrayOutputStream();
                }
                out.write(array, start, end - start);
                buffer.position(end);
            }
        }
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** The one pass: rows, marks every STRIDE rows, the longest row, and the numbers when asked. */
    private static final class Scan {
        final String[] numberFields;
        long rows;
        long line = 1;
        int marks;
        long[] offsets = new long[64];
        long[] lines = new long[64];
        double[][] numbers;
        /** The current line: where it starts, how long it is so far, whether it has content. */
        long lineStart;
        long lineBytes;
        boolean content;
        /** The current line's bytes, kept only when numbers are asked for. */
        byte[] kept;
        int keptLength;

        Scan(String[] numberFields) {
            this.numberFields = numberFields;
            if (numberFields != null) {
                numbers = new double[numberFields.length][1024];
                kept = new byte[4096];
            }
        }

        double[][] numbers() {
            if (numbers == null) {
                return null;
            }
            double[][] out = new double[numbers.length][];
            for (int f = 0; f < numbers.length; f++) {
                out[f] = Arrays.copyOf(numbers[f], (int) rows);
            }
            return out;
        }

        void feed(byte[] array, int n, long position) {
            for (int i = 0; i < n; i++) {
                byte b = array[i];
                if (b == '\n') {
                    endLine(position + i + 1);
                    continue;
                }
                if (!content && b != ' ' && b != '\t' && b != '\r') {
                    content = true;
                }
                if (++lineBytes > MAX_ROW_BYTES) {
                    throw new IllegalArgumentException("line " + line + " is longer than " + MAX_ROW_BYTES / (1024 * 1024)
                            + " MiB: one row of a JSONL file is one line, a conversation of at most that size");
                }
                if (kept != null) {
                    if (keptLength == kept.length) {
                        kept = Arrays.copyOf(kept, kept.length * 2);
                    }
                    kept[keptLength++] = b;
                }
            }
        }

        void end(long position) {
            if (lineBytes > 0) {
                endLine(position);
            }
        }

        private void endLine(long nextLineStart) {
            if (content) {
                if (rows % STRIDE == 0) {
                    if (marks == offsets.length) {
                        offsets = Arrays.copyOf(offsets, marks * 2);
                        lines = Arrays.copyOf(lines, marks * 2);
                    }
                    offsets[marks] = lineStart;
                    lines[marks] = line;
                    marks++;
                }
                if (numbers != null) {
                    for (int f = 0; f < numbers.length; f++) {
                        if (rows == numbers[f].length) {
                            numbers[f] = Arrays.copyOf(numbers[f], numbers[f].length * 2);
                        }
                        numbers[f][(int) rows] = number(kept, keptLength, numberFields[f]);
                    }
                }
                rows++;
            }
            line++;
            lineStart = nextLineStart;
            lineBytes = 0;
            keptLength = 0;
            content = false;
        }
    }

    /** A top-level number field of a JSON object, read without building the object; NaN when absent or not a number. */
    static double number(byte[] json, int length, String field) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Double.NaN;
            }
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(field)) {
                    return value.isNumeric() ? parser.getDoubleValue() : Double.NaN;
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            return Double.NaN; // a broken row is reported when it is read
        }
        return Double.NaN;
    }
}
