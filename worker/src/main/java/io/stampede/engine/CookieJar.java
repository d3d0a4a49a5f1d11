package io.stampede.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.Cookie;

/**
 * One virtual user's cookies, per host: enough for session cookies of agents behind a login.
 * Paths and expiry dates are not tracked (a run is short); {@code Max-Age=0} deletes.
 */
final class CookieJar {
    private Map<String, Map<String, String>> byHost;

    String header(String host) {
        if (byHost == null) {
            return null;
        }
        Map<String, String> cookies = byHost.get(host);
        if (cookies == null || cookies.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        cookies.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(name).append('=').append(value);
        });
        return out.toString();
    }

    void store(String host, List<String> setCookieHeaders) {
        if (byHost == null) {
            byHost = new HashMap<>();
        }
        Map<String, String> cookies = byHost.computeIfAbsent(host, h -> new LinkedHashMap<>());
        for (String header : setCookieHeaders) {
            Cookie cookie = ClientCookieDecoder.LAX.decode(header);
            if (cookie == null) {
                continue;
            }
            if (cookie.maxAge() == 0) {
                cookies.remove(cookie.name());
            } else {
                cookies.put(cookie.name(), cookie.value());
            }
        }
    }

    void clear() {
        byHost = null;
    }
}
