package io.stampede.feed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.stampede.results.ResultsJson;

/**
 * A run's live feed: typed events with increasing ids, kept in a bounded buffer so a client
 * that reconnects with {@code Last-Event-ID} gets what it missed.
 *
 * <p>Thread-safe. Listeners are called under the feed's lock, in id order, and must only hand
 * the event on (the SSE endpoint queues it to its own context); they must never block. The
 * coordinator publishes each kind at most once a second, so a dashboard never falls behind.
 */
public final class RunFeed {
    private final int capacity;
    private final ArrayDeque<FeedEvent> buffer = new ArrayDeque<>();
    private final List<Consumer<FeedEvent>> listeners = new ArrayList<>();
    private long nextId = 1;
    private boolean closed;

    public RunFeed(int capacity) {
        this.capacity = capacity;
    }

    /** Publishes {@code data} (serialized to JSON) as an event of {@code type}. */
    public synchronized void publish(String type, Object data) {
        if (closed) {
            return;
        }
        FeedEvent event = new FeedEvent(nextId++, type, toJson(data));
        buffer.addLast(event);
        if (buffer.size() > capacity) {
            buffer.removeFirst();
        }
        for (Consumer<FeedEvent> listener : List.copyOf(listeners)) {
            listener.accept(event);
        }
    }

    private static String toJson(Object data) {
        try {
            return ResultsJson.MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("feed data is not serializable: " + e.getMessage(), e);
        }
    }

    /** After the {@code done} event: nothing more is published. */
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Subscribes: {@code listener} first gets the buffered events after {@code lastEventId}
     * (0 = all still buffered), then every new one, in order. Returns a handle that unsubscribes.
     */
    public synchronized Runnable subscribe(long lastEventId, Consumer<FeedEvent> listener) {
        for (FeedEvent e : buffer) {
            if (e.id() > lastEventId) {
                listener.accept(e);
            }
        }
        listeners.add(listener);
        return () -> {
            synchronized (this) {
                listeners.remove(listener);
            }
        };
    }

    /** The buffered events after {@code lastEventId}. */
    public synchronized List<FeedEvent> since(long lastEventId) {
        return buffer.stream().filter(e -> e.id() > lastEventId).toList();
    }
}
