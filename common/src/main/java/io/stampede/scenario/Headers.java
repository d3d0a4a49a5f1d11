package io.stampede.scenario;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.stampede.template.Template;

/**
 * HTTP headers of the target and of request steps ({@code Name: template}), and which of them
 * carry credentials, so their values are secrets ({@link io.stampede.secret.Secrets}).
 */
final class Headers {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> SENSITIVE = Set.of("authorization", "proxy-authorization", "cookie", "x-api-key", "api-key");

    private Headers() {
    }

    /** True for headers whose values are credentials: authorization, cookie, api keys, any *token*, *secret*, *key*. */
    static boolean isSensitive(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SENSITIVE.contains(n) || n.contains("token") || n.contains("secret") || n.contains("key");
    }

    /**
     * The values of credential-like query parameters ({@code api_key=}, {@code token=},
     * {@code signature=}, …: the names {@link #isSensitive} knows, and {@code sig},
     * {@code password}, {@code auth}) written in a path or URL, as written and URL-decoded.
     * Values with a {@code {{template}}} are made per user and left out.
     */
    static List<String> sensitiveQueryValues(String pathOrUrl) {
        int q = pathOrUrl == null ? -1 : pathOrUrl.indexOf('?');
        if (q < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String pair : pathOrUrl.substring(q + 1).split("[&;]")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = pair.substring(eq + 1);
            int hash = value.indexOf('#');
            value = hash >= 0 ? value.substring(0, hash) : value;
            if ((isSensitive(name) || name.startsWith("sig") || name.contains("password") || name.contains("auth"))
                    && !value.contains("{{")) {
                out.add(value);
                try {
                    out.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // not valid %-encoding: the value as written is the secret
                }
            }
        }
        return out;
    }

    /**
     * Reads {@code headers:}; the values of sensitive headers (as substituted, 4 characters or
     * more) are added to {@code secrets}. Null after an error in the mapping itself.
     */
    static Map<String, Template> read(NodeReader reader, TemplateRefs templates, YamlNode node, String path, Set<String> secrets) {
        YamlNode.Mapping map = reader.anyMapping(node, path, "{ Authorization: \"Bearer ${TOKEN}\" }");
        if (map == null) {
            return null;
        }
        Map<String, Template> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : map.entries()) {
            String headerPath = NodeReader.child(path, e.name());
            if (!TOKEN.matcher(e.name()).matches()) {
                reader.error(e.key(), headerPath, "'" + e.name() + "' is not a header name: use letters, digits and '-', e.g. X-Request-Id");
                continue;
            }
            Template value = templates.compile(e.value(), headerPath, "\"Bearer ${TOKEN}\"");
            if (value != null) {
                out.put(e.name(), value);
                if (isSensitive(e.name()) && value.source().length() >= EnvSubstitution.MIN_SECRET_LENGTH) {
                    secrets.add(value.source());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
