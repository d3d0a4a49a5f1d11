package io.stampede.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.stampede.template.Template;

/**
 * HTTP headers of the target and of request steps ({@code Name: template}), and which of them
 * carry credentials, so their values are kept out of results ({@link Redactor}).
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
