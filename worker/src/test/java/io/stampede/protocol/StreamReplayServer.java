package io.stampede.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/**
 * A real server on loopback that replays recorded streams from {@code src/test/resources/streams}.
 *
 * <p>{@code POST|GET /replay/<file>} writes the file's bytes as the response body, exactly (CRLF
 * and all), except directive lines, which are removed: {@code #status 500},
 * {@code #content-type application/json} (before any data), {@code #pause 120} (wait 120 ms
 * before writing what follows) and {@code #reset} (drop the connection there). Query
 * {@code ?chunk=7} writes the bytes in pieces of 7, each flushed on its own, so JSON objects
 * are split across reads.
 *
 * <p>Generated hostile streams: {@code /huge-event?bytes=N} (one event of N bytes of data),
 * {@code /endless} (events without end, as fast as the client reads, until it goes away;
 * {@code ?slow=1}: one every 10 ms), {@code /long?bytes=N} (an OpenAI chat completion stream whose
 * reply text is N bytes — {@code BEGIN }, then {@code "word "} over and over, then
 * {@code " THE END"} — in events of about 4 KiB, as fast as the client reads, with
 * {@code finish_reason: stop} and no usage; {@code ?usage=1} adds a usage block), and
 * {@code /long-json?bytes=N} the same reply as one {@code chat.completion} JSON answer
 * ({@code ?status=500}: as an error answer), {@code /long-text?bytes=N} the reply text alone
 * as a {@code text/plain} body.
 *
 * <p>{@code /ws/<file>} is a WebSocket: for each text frame received, each non-directive line of
 * the file is sent as one text frame ({@code #pause} works, {@code #close} closes the socket).
 *
 * <p>Every request's headers and body are kept, in order, for the test to look at.
 *
 * <p>A JUnit extension: {@code @RegisterExtension final StreamReplayServer server = new
 * StreamReplayServer();} listens on a free port before each test and closes after it. It runs
 * on a Vert.x of its own, shared by every test of the run (a test's own Vert.x, the one its
 * drivers use, is closed when the test ends), so the server is as separate from the client as
 * a real one.
 */
public final class StreamReplayServer implements BeforeEachCallback, AfterEachCallback {
    /** One request as the server saw it. */
    public record Seen(String path, MultiMap headers, String body) {
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StreamReplayServer.class);

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        vertx = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedVertx.class, k -> new SharedVertx(),
                SharedVertx.class).vertx;
        server = await(vertx.createHttpServer().webSocketHandler(this::onWebSocket).requestHandler(this::onRequest)
                .listen(0, "127.0.0.1"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        await(server.close());
    }

    /** The server's Vert.x, closed when the test run ends. */
    private static final class SharedVertx implements AutoCloseable {
        final Vertx vertx = Vertx.vertx();

        @Override
        public void close() throws Exception {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public List<Seen> seen() {
        return seen;
    }

    private void onRequest(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            seen.add(new Seen(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString()));
            String path = request.path();
            HttpServerResponse response = request.response();
            if (path.startsWith("/replay/")) {
                int chunk = Integer.parseInt(param(request, "chunk", "0"));
                replay(response, lines(path.substring("/replay/".length())), chunk);
            } else if (path.equals("/huge-event")) {
                int bytes = Integer.parseInt(param(request, "bytes", String.valueOf(2 << 20)));
                response.setChunked(true).putHeader("content-type", "text/event-stream");
                response.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
                writeFiller(response, bytes, 64 * 1024);
            } else if (path.equals("/long")) {
                long bytes = Long.parseLong(param(request, "bytes", String.valueOf(8 << 20)));
                response.setChunked(true).putHeader("content-type", "text/event-stream");
                response.write(contentEvent(LONG_BEGIN));
                words(response, longWords(bytes), StreamReplayServer::contentEvent,
                        longEnd(request.getParam("usage") != null));
            } else if (path.equals("/long-text")) {
                long words = longWords(Long.parseLong(param(request, "bytes", String.valueOf(8 << 20))));
                response.putHeader("content-type", "text/plain; charset=utf-8").setChunked(true);
                response.write(LONG_BEGIN);
                words(response, words, UnaryOperator.identity(), LONG_END);
            } else if (path.equals("/long-json")) {
                long words = longWords(Long.parseLong(param(request, "bytes", String.valueOf(8 << 20))));
                response.setStatusCode(Integer.parseInt(param(request, "status", "200")))
                        .putHeader("content-type", "application/json").setChunked(true);
                response.write("{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + LONG_BEGIN);
                words(response, words, UnaryOperator.identity(), LONG_END + "\"}}]}");
            } else if (path.equals("/endless")) {
                response.setChunked(true).putHeader("content-type", "text/event-stream");
                endless(response, request.getParam("slow") != null);
            } else {
                response.setStatusCode(404).end();
            }
        });
    }

    private static String param(HttpServerRequest request, String name, String fallback) {
        String v = request.getParam(name);
        return v == null ? fallback : v;
    }

    /** The file as lines, each with its own line ending kept. */
    static List<String> lines(String file) {
        try (InputStream in = StreamReplayServer.class.getResourceAsStream("/streams/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no stream file " + file);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lines.add(text.substring(start, i + 1));
                    start = i + 1;
                }
            }
            if (start < text.length()) {
                lines.add(text.substring(start));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void replay(HttpServerResponse response, List<String> lines, int chunk) {
        int i = 0;
        while (i < lines.size() && lines.get(i).startsWith("#") && !lines.get(i).startsWith("#pause")
                && !lines.get(i).startsWith("#reset")) {
            String d = lines.get(i).strip();
            if (d.startsWith("#status ")) {
                response.setStatusCode(Integer.parseInt(d.substring(8).strip()));
            } else if (d.startsWith("#content-type ")) {
                response.putHeader("content-type", d.substring(14).strip());
            }
            i++;
        }
        if (response.headers().get("content-type") == null) {
            response.putHeader("content-type", "text/event-stream");
        }
        response.setChunked(true);
        writeFrom(response, lines, i, chunk);
    }

    private void writeFrom(HttpServerResponse response, List<String> lines, int from, int chunk) {
        StringBuilder pending = new StringBuilder();
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#pause")) {
                write(response, pending.toString(), chunk);
                int next = i + 1;
                vertx.setTimer(Long.parseLong(line.substring(6).strip()), id -> writeFrom(response, lines, next, chunk));
                return;
            }
            if (line.startsWith("#reset")) {
                write(response, pending.toString(), chunk);
                response.reset();
                return;
            }
            pending.append(line);
        }
        write(response, pending.toString(), chunk);
        if (!response.closed()) {
            response.end();
        }
    }

    private static void write(HttpServerResponse response, String text, int chunk) {
        if (text.isEmpty() || response.closed()) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int step = chunk <= 0 ? bytes.length : chunk;
        for (int off = 0; off < bytes.length; off += step) {
            response.write(Buffer.buffer().appendBytes(bytes, off, Math.min(step, bytes.length - off)));
        }
    }

    private void writeFiller(HttpServerResponse response, int remaining, int piece) {
        if (response.closed() || remaining <= 0) {
            if (!response.closed()) {
                response.end("\"}}]}\n\ndata: [DONE]\n\n");
            }
            return;
        }
        int n = Math.min(piece, remaining);
        response.write(Buffer.buffer("x".repeat(n)));
        vertx.runOnContext(v -> writeFiller(response, remaining - n, piece));
    }

    public static final String LONG_BEGIN = "BEGIN ";
    public static final String LONG_END = " THE END";

    /** How many "word " a {@code /long} reply of about {@code bytes} holds: its text is exactly {@link #longBytes} of it. */
    public static long longWords(long bytes) {
        return Math.max(0, (bytes - LONG_BEGIN.length() - LONG_END.length()) / 5);
    }

    /** The UTF-8 length of the reply text of {@code /long?bytes=N}. */
    public static long longBytes(long bytes) {
        return LONG_BEGIN.length() + 5 * longWords(bytes) + LONG_END.length();
    }

    private static String contentEvent(String content) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"}}]}\n\n";
    }

    /** The end of a {@code /long} stream: the last words, the finish reason, usage if asked, [DONE]. */
    private static String longEnd(boolean usage) {
        return contentEvent(LONG_END) + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]"
                + (usage ? ",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":7}" : "") + "}\n\ndata: [DONE]\n\n";
    }

    /**
     * {@code words} times "word ", 800 at a time, each batch written as {@code piece} makes it,
     * as fast as the client reads them, then {@code end}.
     */
    private void words(HttpServerResponse response, long words, UnaryOperator<String> piece, String end) {
        while (!response.closed() && words > 0 && !response.writeQueueFull()) {
            int n = (int) Math.min(800, words);
            words -= n;
            response.write(piece.apply("word ".repeat(n)));
        }
        if (response.closed()) {
            return;
        }
        if (words > 0) {
            long left = words;
            response.drainHandler(v -> words(response, left, piece, end));
            return;
        }
        response.end(end);
    }

    /** As fast as the client reads (64 KiB per write), or one small event every 10 ms when {@code slow}. */
    private void endless(HttpServerResponse response, boolean slow) {
        if (response.closed()) {
            return;
        }
        String event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "tok ".repeat(slow ? 1 : 256) + "\"}}]}\n\n";
        if (slow) {
            response.write(event);
            vertx.setTimer(10, id -> endless(response, true));
        } else {
            response.write(event.repeat(64));
            if (response.writeQueueFull()) {
                response.drainHandler(v -> endless(response, false));
            } else {
                vertx.runOnContext(v -> endless(response, false));
            }
        }
    }

    private void onWebSocket(ServerWebSocket socket) {
        seen.add(new Seen(socket.path(), MultiMap.caseInsensitiveMultiMap().addAll(socket.headers()), ""));
        if (!socket.path().startsWith("/ws/")) {
            socket.close((short) 1008, "no such stream");
            return;
        }
        List<String> lines = lines(socket.path().substring(4));
        socket.textMessageHandler(text -> {
            seen.add(new Seen(socket.path(), MultiMap.caseInsensitiveMultiMap(), text));
            frames(socket, lines, 0);
        });
    }

    private void frames(ServerWebSocket socket, List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (socket.isClosed()) {
                return;
            }
            if (line.startsWith("#pause")) {
                int next = i + 1;
                vertx.setTimer(Long.parseLong(line.substring(6).strip()), id -> frames(socket, lines, next));
                return;
            }
            if (line.startsWith("#close")) {
                socket.close();
                return;
            }
            if (!line.isEmpty() && !line.startsWith("#")) {
                socket.writeTextMessage(line);
            }
        }
    }
}
