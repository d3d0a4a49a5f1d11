package io.stampede.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;

/** Reads a server-sent event stream the way a browser's EventSource does, for tests. */
final class SseClient {
    record Event(long id, String type, String data) {
    }

    /** What one connection got: the status and the events, until the server ended it or we hung up. */
    record Stream(int status, String contentType, List<Event> events) {
        List<Long> ids() {
            return events.stream().map(Event::id).toList();
        }

        List<String> types() {
            return events.stream().map(Event::type).toList();
        }
    }

    private SseClient() {
    }

    /** Reads {@code path} until the stream ends, or hangs up after {@code hangUpAfter} events (≤ 0: never). */
    static Future<Stream> read(HttpClient client, int port, String path, Map<String, String> headers, int hangUpAfter) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path);
        headers.forEach(options::putHeader);
        return client.request(options).compose(req -> req.send()).compose(resp -> {
            if (resp.statusCode() != 200) {
                return resp.body().map(b -> new Stream(resp.statusCode(), resp.getHeader("content-type"), List.of()));
            }
            Promise<Stream> done = Promise.promise();
            List<Event> events = new ArrayList<>();
            Stream stream = new Stream(resp.statusCode(), resp.getHeader("content-type"), events);
            String[] fields = new String[3];
            RecordParser lines = RecordParser.newDelimited("\n", line -> {
                String text = line.toString();
                if (text.isEmpty()) {
                    if (fields[2] != null) {
                        events.add(new Event(fields[0] == null ? -1 : Long.parseLong(fields[0]), fields[1], fields[2]));
                    }
                    fields[0] = fields[1] = fields[2] = null;
                    if (hangUpAfter > 0 && events.size() == hangUpAfter) {
                        resp.request().connection().close();
                        done.tryComplete(stream);
                    }
                } else if (text.startsWith("id: ")) {
                    fields[0] = text.substring(4);
                } else if (text.startsWith("event: ")) {
                    fields[1] = text.substring(7);
                } else if (text.startsWith("data: ")) {
                    fields[2] = text.substring(6);
                }
            });
            resp.handler(lines);
            resp.endHandler(v -> done.tryComplete(stream));
            resp.exceptionHandler(e -> done.tryComplete(stream));
            return done.future();
        });
    }
}
