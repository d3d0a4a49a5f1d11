package io.stampede.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.stampede.template.Variables;

/**
 * A simulated user as a driver sees it, for driving protocols directly in tests: a
 * conversation id, message history, cookies (name=value, any host), a traceparent per request
 * (with a counter, so tests can tell requests apart), the in-flight registration and the
 * user's connection.
 */
public final class TestSession implements UserSession {
    private final int userId;
    private final List<Map<String, Object>> history = new ArrayList<>();
    private final Map<String, Object> variables = new HashMap<>();
    private String conversationId;
    private final Map<String, String> cookies = new java.util.LinkedHashMap<>();
    private int requests;
    private Runnable cancel;
    private UserConnection connection;

    public TestSession(int userId, String conversationId) {
        this.userId = userId;
        this.conversationId = conversationId;
        variables.put("user_profile", Map.of("tier", "gold"));
    }

    @Override
    public int userId() {
        return userId;
    }

    @Override
    public Variables variables() {
        return name -> name.equals("conversation_id") ? conversationId : variables.get(name);
    }

    @Override
    public String conversationId() {
        return conversationId;
    }

    @Override
    public void conversationId(String id) {
        conversationId = id;
    }

    @Override
    public List<Map<String, Object>> history() {
        return history;
    }

    @Override
    public String cookieHeader(String host) {
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
        return header.toString();
    }

    @Override
    public void storeCookies(String host, List<String> setCookieHeaders) {
        for (String h : setCookieHeaders) {
            Cookie cookie = ClientCookieDecoder.LAX.decode(h);
            if (cookie != null) {
                cookies.put(cookie.name(), cookie.value());
            }
        }
    }

    @Override
    public void inFlight(Runnable cancel) {
        this.cancel = cancel;
    }

    /** What the engine does when an exchange times out (engine.InFlight): abandon the exchange in flight. */
    public void cancelInFlight() {
        Runnable c = cancel;
        cancel = null;
        if (c != null) {
            c.run();
        }
    }

    @Override
    public UserConnection connection() {
        return connection;
    }

    @Override
    public void connection(UserConnection connection) {
        this.connection = connection;
    }

    /** {@code 00-<32 hex: user and request number>-<16 hex>-01}, a new one per request. */
    @Override
    public String traceparent() {
        requests++;
        return String.format("00-%016x%016x-%016x-01", userId, requests, 0xabcdefL + requests);
    }

    public int requests() {
        return requests;
    }
}
