package io.stampede.metrics;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;

import org.HdrHistogram.Histogram;

/**
 * HdrHistogram's own compressed encoding (DEFLATE), as base64 for JSON messages. The format
 * is HdrHistogram's, versioned by the library, so any HdrHistogram tool can read it.
 */
public final class HistogramCodec {
    /**
     * Where a histogram is compressed, one per thread and reused: a lane encodes each of its keys
     * every second, and a buffer as large as the histogram (190 KB) each time was a tenth of a
     * streaming worker's allocation.
     */
    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

    private HistogramCodec() {
    }

    public static String encode(Histogram h) {
        ByteBuffer buffer = BUFFERS.get();
        int needed = h.getNeededByteBufferCapacity();
        if (buffer.capacity() < needed) {
            buffer = ByteBuffer.allocate(needed);
            BUFFERS.set(buffer);
        }
        buffer.clear();
        int length = h.encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_SPEED);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /**
     * A histogram of {@link Latencies}' shape, the one decoded when it has it (ours always do),
     * else a copy in that shape.
     *
     * @throws IllegalArgumentException when the text is not an encoded histogram
     */
    public static Histogram decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), Latencies.HIGHEST_MICROS);
            if (Latencies.isShaped(decoded)) {
                return decoded;
            }
            Histogram h = Latencies.newHistogram();
            h.add(decoded);
            return h;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }
}
