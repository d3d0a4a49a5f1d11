package io.stampede.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.stampede.secret.Secrets;

/**
 * Unique canary secrets for every place of {@code canary/canary.yaml}, and the search for them
 * in what the system produced: each canary as it is, URL-encoded, JSON-escaped and in base64
 * (whole or inside a longer base64 text, at any alignment) — the forms {@link Secrets#formsOf}
 * knows. The canaries hold characters that URL-encoding and JSON-escaping change.
 */
final class Canaries {
    /** Written literally in canary.yaml: credential header and credential query parameter. */
    static final List<String> LITERAL = List.of("literal-canary-apikey-5Hq2", "literal-canary-query-9Zk1");
    private static final List<String> NAMES = List.of("CANARY_PATH", "CANARY_QUERY", "CANARY_TARGET_BODY", "CANARY_HEADER",
            "CANARY_PLAIN_HEADER", "CANARY_BODY", "CANARY_EXPECT", "CANARY_STEP_PATH", "CANARY_COOKIE", "CANARY_STEP_BODY",
            "CANARY_MODEL");

    final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, List<String>> forms = new LinkedHashMap<>();
    /** Where each found form was, for the failure message. */
    final List<String> found = new ArrayList<>();

    Canaries(int echoPort) {
        for (String name : NAMES) {
            String tag = name.substring("CANARY_".length()).toLowerCase().replace('_', '-');
            // path segments take no '/', '?' or '#'; the rest gets characters that encodings change
            String value = "cnry-" + tag + "-" + UUID.randomUUID().toString().substring(0, 8)
                    + (name.contains("PATH") || name.contains("QUERY") ? "" : " \"q+x\"");
            environment.put(name, value);
        }
        for (String value : environment.values()) {
            forms.put(value, Secrets.formsOf(value));
            // Stricter than the redactor: the canary's unique start alone, whatever became of the rest.
            String core = value.split(" ")[0];
            forms.put(core, Secrets.formsOf(core));
        }
        for (String value : LITERAL) {
            forms.put(value, Secrets.formsOf(value));
        }
        environment.put("ECHO_PORT", Integer.toString(echoPort));
    }

    /** Counts every form of every canary in {@code text}, noting where. */
    int count(String where, String text) {
        int n = 0;
        for (Map.Entry<String, List<String>> canary : forms.entrySet()) {
            for (String form : canary.getValue()) {
                int at = text.indexOf(form);
                while (at >= 0) {
                    n++;
                    found.add(where + ": " + canary.getKey() + " as '" + form + "' in ..."
                            + text.substring(Math.max(0, at - 60), Math.min(text.length(), at + form.length() + 60)) + "...");
                    at = text.indexOf(form, at + 1);
                }
            }
        }
        return n;
    }

    /** Counts in every file under {@code dir}. */
    int countInFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            int n = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                n += count(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many files {@link #countInFiles} would read. */
    static long files(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
