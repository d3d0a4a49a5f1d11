package io.stampede.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Event-stream framing as servers really write it, fed in reads of every size. */
class SseParserTest {

    private record Event(String type, String data) {
    }

    /**
     * Feeds the bytes in reads of {@code chunk} through one buffer, overwritten after each read as
     * the worker's is: what the parser keeps of a read past the call must be its own copy.
     */
    private static List<Event> parse(byte[] bytes, int chunk, int max) {
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser((type, data, nanos) -> events.add(new Event(type, new String(data, StandardCharsets.UTF_8))), max);
        byte[] read = new byte[Math.min(chunk, bytes.length)];
        for (int off = 0; off < bytes.length; off += chunk) {
            int n = Math.min(chunk, bytes.length - off);
            System.arraycopy(bytes, off, read, 0, n);
            parser.feed(read, n, 0);
            Arrays.fill(read, (byte) '#');
        }
        parser.finish(0);
        return events;
    }

    /** A recorded stream: {@code openai-crlf-nospace-comments.sse} is the worker's replayed one (see its streams/README.md). */
    private static byte[] file(String name) throws IOException {
        try (InputStream in = SseParserTest.class.getResourceAsStream("/sse/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void eventsAreTheSameHoweverTheBytesAreSplit(int chunk) throws IOException {
        byte[] bytes = file("openai-crlf-nospace-comments.sse");
        assertThat(parse(bytes, chunk, 1 << 20)).isEqualTo(parse(bytes, bytes.length, 1 << 20));
    }

    @Test
    void anEventWhoseBlankLineComesInTheNextReadKeepsItsDataThoughTheReadIsReused() {
        byte[] stream = "data: hello\n\ndata: world\ndata: again\n\n".getBytes(StandardCharsets.UTF_8);
        // Reads of 12 end right after "data: hello\n", then in the middle of "world"'s event.
        assertThat(parse(stream, 12, 1024)).containsExactly(new Event(null, "hello"), new Event(null, "world\nagain"));
    }

    @Test
    void crlfNoSpaceCommentsAndMultiLineDataAreReadAsWritten() throws IOException {
        List<Event> events = parse(file("openai-crlf-nospace-comments.sse"), 5, 1 << 20);
        assertThat(events).extracting(Event::type).containsExactly("ping", null, null, null, null, null);
        assertThat(events.get(2).data()).isEqualTo("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\n"
                + "\"finish_reason\":null}]}");
        assertThat(events.get(3).data()).contains("世界");
        assertThat(events.get(5).data()).isEqualTo("[DONE]");
    }

    @Test
    void aCarriageReturnAloneEndsALineAndACrLfSplitAcrossReadsIsOneLineEnd() {
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser((type, data, nanos) -> events.add(new Event(type, new String(data, StandardCharsets.UTF_8))), 1024);
        parser.feed("data: a\r".getBytes(StandardCharsets.UTF_8), 0);
        parser.feed("\n\r".getBytes(StandardCharsets.UTF_8), 0);
        parser.feed("data: b\r\r".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(events).containsExactly(new Event(null, "a"), new Event(null, "b"));
    }

    @Test
    void anEventWaitsForItsBlankLineEvenWhenItsJsonLooksComplete() {
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser((type, data, nanos) -> events.add(new Event(type, new String(data, StandardCharsets.UTF_8))), 1024);
        parser.feed("data: {\"a\":1}\n".getBytes(StandardCharsets.UTF_8), 1);
        assertThat(events).isEmpty();
        parser.feed("\n".getBytes(StandardCharsets.UTF_8), 2);
        assertThat(events).containsExactly(new Event(null, "{\"a\":1}"));
    }

    @Test
    void anEventOverTheLimitStopsTheParserWithAReasonAndKeepsNothing() {
        SseParser parser = new SseParser((type, data, nanos) -> {
        }, 1000);
        byte[] big = ("data: " + "x".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        parser.feed(big, 0);
        assertThat(parser.error()).contains("larger than 1000 bytes");
        assertThat(parser.pendingBytes()).isZero();
    }

    @Test
    void aBodyThatStopsMidLineIsCutButOneEndingWithItsLastLineIsWhole() {
        SseParser cut = new SseParser((type, data, nanos) -> {
        }, 1024);
        cut.feed("data: {\"a\":".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(cut.finish(0)).isFalse();

        List<Event> events = new ArrayList<>();
        SseParser whole = new SseParser((type, data, nanos) -> events.add(new Event(type, new String(data, StandardCharsets.UTF_8))), 1024);
        whole.feed("data: [DONE]\n".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(whole.finish(0)).isTrue();
        assertThat(events).containsExactly(new Event(null, "[DONE]"));
    }

    @Test
    void anEventsIdIsTheLastIdTheStreamSetAndStaysUntilTheNext() {
        assertThat(ids("data: a\n\nid: 41\ndata: b\n\ndata: c\n\nid:42\r\ndata: d\r\n\r\nid\ndata: e\n\n"))
                .containsExactly("", "41", "41", "42", "");
    }

    @Test
    void anIdWithANulInItIsIgnored() {
        assertThat(ids("id: 7\ndata: a\n\nid: 8\0\ndata: b\n\n")).containsExactly("7", "7");
    }

    @Test
    void theRecordedStreamsIdIsKeptAndItsRetryIgnored() throws IOException {
        assertThat(ids(new String(file("openai-crlf-nospace-comments.sse"), StandardCharsets.UTF_8)))
                .containsExactly("", "", "", "7", "7", "7");
    }

    /** The id each event of {@code stream} is handed on with, asked for from the listener. */
    private static List<String> ids(String stream) {
        IdsSeen seen = new IdsSeen();
        seen.parser.feed(stream.getBytes(StandardCharsets.UTF_8), 0);
        return seen.ids;
    }

    private static final class IdsSeen implements SseParser.Listener {
        final SseParser parser = new SseParser(this, 1 << 20);
        final List<String> ids = new ArrayList<>();

        @Override
        public void onEvent(String event, byte[] data, long nanos) {
            ids.add(parser.lastEventId());
        }
    }
}
