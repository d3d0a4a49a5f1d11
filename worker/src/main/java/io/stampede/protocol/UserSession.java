package io.stampede.protocol;

import java.util.List;
import java.util.Map;

import io.stampede.limits.ReplyBudget;
import io.stampede.template.Variables;

/**
 * What a protocol driver may see and change of the virtual user it serves: template variables,
 * the conversation (id and message history), cookies, the user's own HTTP connection, and how
 * to abandon the exchange in flight, so the engine can time it out. Lives on the user's event
 * loop; drivers call it from there only.
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

    /**
     * Registers how to abandon the exchange now in flight (reset the request, close the
     * connection or socket): the engine runs it once, when the target timeout passes or the user
     * is interrupted, after it stopped listening to that exchange's outcome.
     */
    void inFlight(Runnable cancel);

    /** The user's keep-alive connection to the target, or null before its first plain request. */
    UserConnection connection();

    /** Set by the transport when it opens the user's connection; the engine closes it when the user ends. */
    void connection(UserConnection connection);

    /**
     * What this user holds of the worker's reply budget: a driver counts there each byte of a
     * reply it keeps, and cuts the reply when it has no room ({@link ReplyBudget.Claim#grow}).
     */
    default ReplyBudget.Claim replies() {
        return ReplyBudget.UNBOUNDED;
    }

    /** W3C traceparent for this request, naming the user and turn. */
    String traceparent();

    /**
     * Output tokens this turn asks for (a synthetic workload's {@code max_tokens}), or 0: the model
     * protocols send it in their API's field unless the scenario's request body sets that field.
     */
    default int maxTokens() {
        return 0;
    }
}
