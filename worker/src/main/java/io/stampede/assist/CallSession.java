package io.stampede.assist;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.stampede.protocol.UserConnection;
import io.stampede.protocol.UserSession;
import io.stampede.template.Variables;

/**
 * What a protocol driver sees of one helper call: the messages before the last one, the
 * variables its request templates may use (the user's, plus the call's own), no cookies, no
 * connection of its own (helper calls share the helper's pool), and a traceparent of its own:
 * a helper call is no turn of the agent's.
 */
final class CallSession implements UserSession {
    private final List<Map<String, Object>> history;
    private final Variables variables;
    private final SplittableRandom random;
    private Runnable cancel;

    CallSession(List<Map<String, Object>> history, Variables variables, SplittableRandom random) {
        this.history = history;
        this.variables = variables;
        this.random = random;
    }

    /** Abandons the request in flight, if any (the call timed out). */
    void cancel() {
        if (cancel != null) {
            cancel.run();
        }
    }

    @Override
    public int userId() {
        return -1;
    }

    @Override
    public Variables variables() {
        return variables;
    }

    @Override
    public String conversationId() {
        return null;
    }

    @Override
    public void conversationId(String id) {
        // a helper's answer names no conversation of ours
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
        // helper calls keep no cookies
    }

    @Override
    public void inFlight(Runnable cancel) {
        this.cancel = cancel;
    }

    @Override
    public UserConnection connection() {
        return null;
    }

    @Override
    public void connection(UserConnection connection) {
        // pooled: the helper's client owns its connections
    }

    @Override
    public String traceparent() {
        return String.format("00-%016x%016x-%016x-01", random.nextLong() | 1, random.nextLong(), random.nextLong() | 1);
    }
}
