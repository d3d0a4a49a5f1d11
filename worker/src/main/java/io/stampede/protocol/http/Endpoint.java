package io.stampede.protocol.http;

import java.net.URI;

/** A base URL taken apart once, so requests do not parse it again. */
public record Endpoint(String host, int port, boolean ssl, String basePath) {

    /** @throws IllegalArgumentException when the URL is not http(s)/ws(s) with a host */
    public static Endpoint parse(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        boolean ssl = scheme.equals("https") || scheme.equals("wss");
        if (!ssl && !scheme.equals("http") && !scheme.equals("ws")) {
            throw new IllegalArgumentException("not an http(s) or ws(s) URL: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL has no host: " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new Endpoint(uri.getHost(), port, ssl, path);
    }

    /** {@code path} below the base path; a path that is already an absolute URL is returned as-is. */
    public String uri(String path) {
        if (path.isEmpty()) {
            return basePath.isEmpty() ? "/" : basePath;
        }
        return basePath + (path.startsWith("/") ? path : "/" + path);
    }

    public static boolean isAbsolute(String path) {
        return path.startsWith("http://") || path.startsWith("https://");
    }
}
