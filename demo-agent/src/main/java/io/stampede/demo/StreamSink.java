package io.stampede.demo;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/** Where a streamed turn goes: an HTTP response (server-sent events) or a WebSocket (text frames). */
interface StreamSink {
    boolean closed();

    void write(String text);

    /** Writes the last piece and ends the response; a socket stays open for the next turn. */
    void end(String last);

    /** Server-sent events on a chunked response, headers sent at once. */
    static StreamSink sse(HttpServerResponse response) {
        return new StreamSink() {
            boolean started;

            private void start() {
                if (!started) {
                    started = true;
                    response.setChunked(true)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
                }
            }

            @Override
            public boolean closed() {
                return response.closed();
            }

            @Override
            public void write(String text) {
                start();
                response.write(text);
            }

            @Override
            public void end(String last) {
                start();
                response.end(last);
            }
        };
    }

    /** One text frame per write. */
    static StreamSink webSocket(ServerWebSocket socket) {
        return new StreamSink() {
            @Override
            public boolean closed() {
                return socket.isClosed();
            }

            @Override
            public void write(String text) {
                socket.writeTextMessage(text);
            }

            @Override
            public void end(String last) {
                socket.writeTextMessage(last);
            }
        };
    }
}
