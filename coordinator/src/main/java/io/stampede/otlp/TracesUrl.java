package io.stampede.otlp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An OTLP/HTTP traces URL from what a user writes: a collector's base ({@code
 * http://collector:4318}, as in {@code OTEL_EXPORTER_OTLP_ENDPOINT}) gets {@code /v1/traces};
 * a URL with a path is taken as it is (as {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}).
 */
public final class TracesUrl {
    private TracesUrl() {
    }

    /** @throws IllegalArgumentException with a sentence when it is not an http(s) URL */
    public static String of(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL: write e.g. http://collector:4318");
            }
            String path = uri.getRawPath();
            return path == null || path.isEmpty() || path.equals("/") ? uri.toString().replaceAll("/$", "") + "/v1/traces"
                    : uri.toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL (" + e.getReason() + "): write e.g. http://collector:4318");
        }
    }
}
