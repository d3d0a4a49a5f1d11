package io.stampede.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stampede.template.Variables;
import io.vertx.core.http.HttpClientRequest;

/**
 * A simulated user as a driver sees it, for driving protocols directly in tests: a
 * conversation id, message history, a traceparent per request (with a counter, so tests can
 * tell requests apart), and the in-flight registrations.
 */
final class TestSession implements UserSession {
    private final int userId;
    private final List<Map<String, Object>> history = new ArrayList<>();
    private final Map<String, Object> variables = new HashMap<>();
    private String conversationId;
    private int requests;
    Runnable cancel;
    HttpClientRequest request;

    TestSession(int userId, String conversationId) {
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
        return null;
    }

    @Override
    public void storeCookies(String host, List<String> setCookieHeaders) {
    }

    @Override
    public void inFlight(HttpClientRequest request) {
        this.request = request;
    }

    @Override
    public void inFlight(Runnable cancel) {
        this.cancel = cancel;
    }

    /** {@code 00-<32 hex: user and request number>-<16 hex>-01}, a new one per request. */
    @Override
    public String traceparent() {
        requests++;
        return String.format("00-%016x%016x-%016x-01", userId, requests, 0xabcdefL + requests);
    }

    int requests() {
        return requests;
    }
}
