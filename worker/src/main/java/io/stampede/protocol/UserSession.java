package io.stampede.protocol;

import java.util.List;
import java.util.Map;

import io.stampede.template.Variables;
import io.vertx.core.http.HttpClientRequest;

/**
 * What a protocol driver may see and change of the virtual user it serves: template variables,
 * the conversation (id and message history), cookies, and the in-flight request, so the
 * engine can time it out. Lives on the user's event loop; drivers call it from there only.
 */
public interface UserSession {
    int userId();

    Variables variables();

    /** The conversation id the engine generated, or the one the server issued. */
    String conversationId();

    void conversationId(String id);

    /** Message history of this conversation (role/content maps), for protocols that resend it. */
    List<Map<String, Object>> history();

    /** Cookie header value for this user and host, or null. */
    String cookieHeader(String host);

    void storeCookies(String host, List<String> setCookieHeaders);

    /** Registers the request now in flight; the engine resets it when the target timeout passes. */
    void inFlight(HttpClientRequest request);

    /**
     * Registers how to abandon an exchange that is not an HTTP request (a WebSocket turn): the
     * engine runs it when the target timeout passes or the user is interrupted, once.
     */
    void inFlight(Runnable cancel);

    /** W3C traceparent for this request, naming the user and turn. */
    String traceparent();
}
