package io.stampede.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The response parser read the way the network delivers bytes: every response is also fed
 * split in two at every position, and one byte at a time, and must read the same.
 */
class ResponseParserTest {

    @Test
    void aBodyOfKnownLengthIsReadAndTheConnectionKept() {
        Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\nServer: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 11\r\n\r\n{\"ok\":true}", false);
        assertThat(p.status).isEqualTo(200);
        assertThat(p.contentType).isEqualTo("application/json");
        assertThat(p.body()).isEqualTo("{\"ok\":true}");
        assertThat(p.reusable).isTrue();
    }

    @Test
    void aChunkedBodyWithExtensionsAndTrailersIsReadWhole() {
        Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 3\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nx-trailer: yes\r\n\r\n", false);
        assertThat(p.body()).isEqualTo("hello 0123456789");
        assertThat(p.length).as("chunked: no length").isEqualTo(-1);
        assertThat(p.reusable).isTrue();
    }

    @Test
    void aBodyWithoutLengthRunsUntilTheConnectionCloses() {
        Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end", false);
        assertThat(p.ended).as("not before the close").isFalse();
        assertThat(p.parser.closed()).isTrue();
        assertThat(p.body()).isEqualTo("until the end");
        assertThat(p.reusable).isFalse();
    }

    @Test
    void anotherTransferCodingThanChunkedLastAlsoRunsUntilTheClose() {
        Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked, gzip\r\ncontent-length: 2\r\n\r\nzz", false);
        assertThat(p.ended).isFalse();
        assertThat(p.body()).isEqualTo("zz");
    }

    @Test
    void informationalAnswersAreSkipped() {
        Parsed p = parseEverySplit("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\nok", false);
        assertThat(p.status).isEqualTo(201);
        assertThat(p.heads).isEqualTo(1);
        assertThat(p.body()).isEqualTo("ok");
    }

    @Test
    void headAnd204And304AnswersHaveNoBody() {
        Parsed head = parseEverySplit("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n", true);
        assertThat(head.ended).isTrue();
        assertThat(head.body()).isEmpty();
        assertThat(head.reusable).isTrue();
        assertThat(parseEverySplit("HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\n", false).ended).isTrue();
        assertThat(parseEverySplit("HTTP/1.1 304 Not Modified\r\n\r\n", false).ended).isTrue();
    }

    @Test
    void theConnectionHeaderAndTheVersionDecideWhetherTheConnectionIsKept() {
        assertThat(parseEverySplit("HTTP/1.1 200 OK\r\nConnection: Close\r\ncontent-length: 0\r\n\r\n", false).reusable).isFalse();
        assertThat(parseEverySplit("HTTP/1.1 200 OK\r\nconnection: upgrade, close\r\ncontent-length: 0\r\n\r\n", false).reusable)
                .isFalse();
        assertThat(parseEverySplit("HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n", false).reusable).isFalse();
        assertThat(parseEverySplit("HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n", false).reusable)
                .isTrue();
    }

    @Test
    void bytesAfterTheResponseMakeTheConnectionUnfitForAnother() {
        Parsed p = parse(List.of("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"), false);
        assertThat(p.body()).isEqualTo("ok");
        assertThat(p.reusable).isFalse();
        assertThat(p.heads).as("the parser stops at the end of the response").isEqualTo(1);
    }

    @Test
    void cookiesAreHandedOnAsTheyCame() {
        Parsed p = parseEverySplit("HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nset-cookie:b=2\r\ncontent-length: 0\r\n\r\n", false);
        assertThat(p.cookies).containsExactly("a=1; Path=/", "b=2");
    }

    @Test
    void responsesFollowOneAnotherOnOneParser() {
        Parsed p = new Parsed(false);
        for (int i = 0; i < 3; i++) {
            p.reset();
            p.parser.expect(false);
            p.parser.feed(buf("HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\n" + i));
            assertThat(p.body()).isEqualTo(String.valueOf(i));
            assertThat(p.reusable).isTrue();
        }
    }

    @Test
    void whatIsNotHttpIsInvalid() {
        assertThat(parse(List.of("SPDY/3 200 OK\r\n\r\n"), false).invalid).startsWith("invalid HTTP response: not an HTTP/1.x");
        assertThat(parse(List.of("HTTP/1.1 2x0 OK\r\n\r\n"), false).invalid).isNotNull();
        assertThat(parse(List.of("HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n"), false).invalid).contains("content-length");
        assertThat(parse(List.of("HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n"), false).invalid)
                .contains("content-length");
        assertThat(parse(List.of("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n"), false).invalid)
                .contains("chunk size");
        assertThat(parse(List.of("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabc\r\n"), false).invalid)
                .contains("chunk is longer");
        assertThat(parse(List.of("HTTP/1.1 200 OK\r\nx: " + "y".repeat(9000) + "\r\n\r\n"), false).invalid)
                .contains("headers are larger than 8192 bytes");
        assertThat(parse(List.of("HTTP/1.1 200 " + "y".repeat(5000)), false).invalid).contains("status line");
    }

    // ---- helpers

    /** Parses {@code response} whole, split in two at every position, and byte by byte; all must agree. */
    private static Parsed parseEverySplit(String response, boolean head) {
        Parsed whole = parse(List.of(response), head);
        for (int at = 1; at < response.length(); at++) {
            Parsed split = parse(List.of(response.substring(0, at), response.substring(at)), head);
            assertThat(split.summary()).as("split at %d", at).isEqualTo(whole.summary());
        }
        List<String> bytes = new ArrayList<>();
        for (char c : response.toCharArray()) {
            bytes.add(String.valueOf(c));
        }
        assertThat(parse(bytes, head).summary()).as("byte by byte").isEqualTo(whole.summary());
        return whole;
    }

    private static Parsed parse(List<String> reads, boolean head) {
        Parsed p = new Parsed(head);
        p.parser.expect(head);
        for (String read : reads) {
            ByteBuf in = buf(read);
            p.parser.feed(in);
            if (!p.parser.busy()) {
                break;
            }
        }
        return p;
    }

    private static ByteBuf buf(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** What the parser told its listener. */
    private static final class Parsed implements ResponseParser.Listener {
        final ResponseParser parser = new ResponseParser(this, ResponseParser.scratch());
        final boolean head;
        int heads;
        int status;
        String contentType;
        List<String> cookies = List.of();
        long length;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ended;
        boolean reusable;
        String invalid;

        Parsed(boolean head) {
            this.head = head;
        }

        void reset() {
            heads = 0;
            bytes = new ByteArrayOutputStream();
            ended = false;
        }

        @Override
        public boolean onHead(int status, String contentType, List<String> setCookies, long contentLength) {
            heads++;
            this.status = status;
            this.contentType = contentType;
            this.cookies = setCookies == null ? List.of() : setCookies;
            this.length = contentLength;
            return true;
        }

        @Override
        public boolean onBody(ByteBuf in, int index, int length) {
            byte[] b = new byte[length];
            in.getBytes(index, b);
            bytes.write(b, 0, length);
            return true;
        }

        @Override
        public void onEnd(boolean reusable) {
            ended = true;
            this.reusable = reusable;
        }

        @Override
        public void onInvalid(String why) {
            invalid = why;
        }

        String body() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        String summary() {
            return heads + "|" + status + "|" + contentType + "|" + cookies + "|" + length + "|" + body() + "|" + ended + "|"
                    + reusable + "|" + invalid;
        }
    }
}
