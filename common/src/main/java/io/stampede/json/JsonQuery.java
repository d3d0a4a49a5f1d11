package io.stampede.json;

import java.util.List;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/**
 * A JSON path ({@code $.usage.output_tokens}), compiled once when the scenario is loaded and
 * evaluated against an already parsed document (Map/List), so a response is parsed once no
 * matter how many paths read it. A path that finds nothing gives null, never an exception.
 */
public final class JsonQuery {
    private static final Configuration CONFIG = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final String source;
    private final JsonPath path;

    private JsonQuery(String source, JsonPath path) {
        this.source = source;
        this.path = path;
    }

    /** @throws IllegalArgumentException with a plain sentence when the path is malformed */
    public static JsonQuery compile(String path) {
        if (path == null || !path.startsWith("$")) {
            throw new IllegalArgumentException("'" + path + "' is not a JSON path: it must start with $, e.g. $.status");
        }
        try {
            return new JsonQuery(path, JsonPath.compile(path));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + path + "' is not a valid JSON path: " + e.getMessage());
        }
    }

    public String source() {
        return source;
    }

    /** True when the path can select several values ({@code [*]}, filters, deep scan). */
    public boolean isMulti() {
        return !path.isDefinite();
    }

    /** The value at this path in {@code document}, or null. Indefinite paths give a List. */
    public Object read(Object document) {
        if (document == null) {
            return null;
        }
        Object value = path.read(document, CONFIG);
        if (value instanceof List<?> list && isMulti() && list.isEmpty()) {
            return null;
        }
        return value;
    }

    @Override
    public String toString() {
        return source;
    }
}
