package io.stampede.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before every route (contributed ones too) and decides who may do what (docs/API.md, "Security").
 *
 * <ul>
 * <li>With a token: a mutating call (anything but GET, HEAD, OPTIONS) needs
 * {@code Authorization: Bearer <token>}, compared in constant time; otherwise 401 and nothing
 * happens.
 * <li>Reads of data ({@code /api/...} and {@code /metrics}: runs, results, events, the feed,
 * compare, workers) need the token or the read token when {@link ApiOptions#readsNeedToken}
 * (beyond loopback, by default): they hold what the agent under test answered. A GET may carry
 * it as {@code ?access_token=} for clients that cannot set headers (a browser's EventSource).
 * The dashboard's static files and the health probes stay open: they hold no data.
 * <li>Without a token (loopback only, or {@code --insecure}): nothing ambient protects the API,
 * so a web page the user visits must not drive it. A mutating call whose {@code Origin} is not
 * this server gets 403 (cross-site request forgery), and on a loopback bind a request whose
 * {@code Host} is not a loopback name gets 403 (DNS rebinding). curl and the CLI send no Origin.
 * </ul>
 */
final class RequestGuard implements Handler<RoutingContext> {
    private final byte[] tokenDigest;
    private final byte[] readTokenDigest;
    private final boolean loopbackBind;
    private final boolean readsNeedToken;

    RequestGuard(ApiOptions options) {
        this.tokenDigest = options.token() == null ? null : sha256(options.token());
        this.readTokenDigest = options.readToken() == null ? null : sha256(options.readToken());
        this.loopbackBind = isLoopback(options.host());
        this.readsNeedToken = options.readsNeedToken();
    }

    @Override
    public void handle(RoutingContext ctx) {
        boolean mutating = isMutating(ctx.request().method());
        if (!mutating && readsNeedToken && holdsData(ctx.request().path())) {
            byte[] presented = presented(ctx, true);
            if (presented == null || !(matches(tokenDigest, presented) || matches(readTokenDigest, presented))) {
                ctx.response().putHeader("www-authenticate", "Bearer realm=\"stampede\"");
                Responses.error(ctx, 401, "reading this coordinator's runs needs a token: send 'Authorization: Bearer <token>'"
                        + " with its read token or its token");
                return;
            }
        }
        if (tokenDigest != null) {
            if (mutating && !matches(tokenDigest, presented(ctx, false))) {
                ctx.response().putHeader("www-authenticate", "Bearer realm=\"stampede\"");
                Responses.error(ctx, 401, "this call needs the coordinator's token: send 'Authorization: Bearer <token>'"
                        + " (stampede run --token or STAMPEDE_TOKEN)");
                return;
            }
        } else {
            String host = ctx.request().getHeader("host");
            if (loopbackBind && host != null && !isLoopback(hostName(host))) {
                Responses.error(ctx, 403, "this coordinator listens on loopback only and answers requests for localhost"
                        + " or 127.0.0.1, not '" + host + "'");
                return;
            }
            String origin = ctx.request().getHeader("origin");
            if (mutating && origin != null && !sameOrigin(origin, host)) {
                Responses.error(ctx, 403, "cross-origin requests may not change anything on a coordinator without a token");
                return;
            }
        }
        ctx.next();
    }

    private static boolean isMutating(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    /** Data lives under /api/ and /metrics; the dashboard's files and /health/* hold none. */
    private static boolean holdsData(String path) {
        return path.startsWith("/api/") || path.equals("/metrics");
    }

    /** The digest of the token the request presents (header, or for a read the access_token parameter), or null. */
    private static byte[] presented(RoutingContext ctx, boolean read) {
        String authorization = ctx.request().getHeader("authorization");
        if (authorization != null && authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return sha256(authorization.substring(7).trim());
        }
        String param = read ? ctx.request().getParam("access_token") : null;
        return param == null || param.isEmpty() ? null : sha256(param);
    }

    private static boolean matches(byte[] expected, byte[] presented) {
        // Digests have one length, so the comparison time says nothing about the token's length either.
        return expected != null && presented != null && MessageDigest.isEqual(expected, presented);
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false; // "null" (sandboxed frames, files) and garbage
        }
    }

    /** The host of a {@code Host} header: {@code [::1]:8080} → {@code ::1}, {@code a:80} → {@code a}. */
    static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(1, end);
        }
        int colon = hostHeader.indexOf(':');
        return colon < 0 || colon != hostHeader.lastIndexOf(':') ? hostHeader : hostHeader.substring(0, colon);
    }

    /** True for {@code localhost} names and loopback address literals; never resolves a name. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.matches("[0-9a-f:.]*:[0-9a-f:.]*")) {
            return false; // a name: only DNS knows, and DNS can lie
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
