package io.stampede.protocol.http;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.netty.channel.ConnectTimeoutException;
import io.stampede.limits.FileLimit;

/**
 * A failure of the network between a user and the target, as a sentence a user can act on
 * ("the target refused the connection"), not as the socket layer's message
 * ({@code recvAddress(..) failed with error(-104): Connection reset by peer}). These sentences
 * are failure reasons: the same failure reads the same every time, so they group in reports.
 */
public final class NetworkErrors {
    /** EADDRNOTAVAIL at connect (or EADDRINUSE at bind): every local port towards the target is taken. */
    static final String PORTS_EXHAUSTED = "no local port left to connect from (ephemeral ports exhausted: about 28,000"
            + " connections per source address to one target address and port, sockets in TIME_WAIT included):"
            + " spread users over more target.source_addresses, or over more machines";

    private NetworkErrors() {
    }

    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage()) + " " + String.valueOf(root.getMessage());
        String m = message.toLowerCase(Locale.ROOT);
        if (failure instanceof ConnectTimeoutException || root instanceof ConnectTimeoutException
                || m.contains("connection timed out")) {
            return "connecting to the target timed out";
        }
        if (m.contains("cannot assign requested address") || m.contains("address already in use")
                || m.contains("address not available")) {
            return PORTS_EXHAUSTED;
        }
        if (m.contains("too many open files")) {
            return "the worker is out of file descriptors (it may open " + FileLimit.max() + "): give it fewer users"
                    + " (its capacity says how many fit) or run more workers";
        }
        if (m.contains("connection refused")) {
            return "the target refused the connection (nothing listens there)";
        }
        if (m.contains("connection reset")) {
            return "the target reset the connection";
        }
        if (m.contains("broken pipe")) {
            return "the target closed the connection while the request was being sent";
        }
        if (root instanceof UnknownHostException) {
            return "the target's host name does not resolve: " + root.getMessage();
        }
        if (root instanceof NoRouteToHostException || m.contains("no route to host") || m.contains("network is unreachable")) {
            return "the target's address cannot be reached (no route)";
        }
        if (root instanceof SSLException) {
            return "the TLS handshake with the target failed: " + root.getMessage();
        }
        if (root instanceof ClosedChannelException) {
            return "the target closed the connection before answering";
        }
        if (root instanceof ConnectException) {
            return "cannot connect to the target: " + root.getMessage();
        }
        String text = failure.getMessage();
        if (text == null || text.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        return text.length() > 200 ? text.substring(0, 200) : text;
    }
}
