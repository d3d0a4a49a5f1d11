package io.stampede.protocol.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * An HTTP/1.1 server on a loopback port that answers with exactly the bytes a {@link Script}
 * gives, so tests can misbehave the way real servers do: close without answering, end a body
 * by closing, send an informational answer first, send garbage. Counts the connections it
 * accepted and those still open, and keeps every request head it read.
 */
final class RawServer {
    /** What to do with request number {@code request} (from 0) of connection number {@code connection} (from 0). */
    interface Script {
        Answer answer(int connection, int request, String head);
    }

    /** Bytes to write (may be empty), then close the connection at once, {@code closeAfterMs} later, or never (-1). */
    record Answer(String bytes, long closeAfterMs) {
        static Answer ok(String body) {
            return new Answer(okBytes(body), -1);
        }

        /** Answers, then closes the idle connection a moment later, as a keep-alive timeout does. */
        static Answer okThenIdleClose(String body, long ms) {
            return new Answer(okBytes(body), ms);
        }

        static Answer then(String bytes, boolean close) {
            return new Answer(bytes, close ? 0 : -1);
        }

        /** Closes the connection without a byte of answer. */
        static Answer hangUp() {
            return new Answer("", 0);
        }

        private static String okBytes(String body) {
            return "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        }
    }

    private final NetServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();

    private RawServer(NetServer server) {
        this.server = server;
    }

    static Future<RawServer> start(Vertx vertx, Script script) {
        NetServer net = vertx.createNetServer();
        RawServer raw = new RawServer(net);
        net.connectHandler(socket -> raw.serve(vertx, socket, script));
        return net.listen(0, "127.0.0.1").map(raw);
    }

    private void serve(Vertx vertx, NetSocket socket, Script script) {
        int connection = connections.getAndIncrement();
        open.incrementAndGet();
        socket.closeHandler(v -> open.decrementAndGet());
        StringBuilder pending = new StringBuilder(); // ISO-8859-1: one char per byte
        int[] served = {0};
        socket.handler(data -> {
            pending.append(data.toString(StandardCharsets.ISO_8859_1));
            while (true) {
                int end = pending.indexOf("\r\n\r\n");
                if (end < 0) {
                    return;
                }
                String head = pending.substring(0, end);
                int length = contentLength(head);
                if (pending.length() < end + 4 + length) {
                    return;
                }
                pending.delete(0, end + 4 + length);
                heads.add(head);
                Answer answer = script.answer(connection, served[0]++, head);
                if (answer == null) {
                    continue; // silence
                }
                if (!answer.bytes().isEmpty()) {
                    socket.write(Buffer.buffer(answer.bytes().getBytes(StandardCharsets.ISO_8859_1)));
                }
                if (answer.closeAfterMs() == 0) {
                    socket.close();
                    return;
                }
                if (answer.closeAfterMs() > 0) {
                    vertx.setTimer(answer.closeAfterMs(), id -> socket.close());
                }
            }
        });
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    int port() {
        return server.actualPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    int connections() {
        return connections.get();
    }

    int open() {
        return open.get();
    }

    List<String> heads() {
        return List.copyOf(heads);
    }
}
