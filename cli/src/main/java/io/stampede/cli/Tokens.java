package io.stampede.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.stampede.secret.ClusterSecret;

/**
 * Where a token comes from: a file (a mounted Kubernetes Secret is one), the environment, or —
 * accepted with a warning, since every user of the machine can read it in {@code ps} — the
 * command line.
 */
final class Tokens {
    private Tokens() {
    }

    /**
     * The token from {@code file}, else {@code argument} (warned about on {@code err}), else
     * {@code $env}; null when none is given.
     *
     * @throws IllegalArgumentException when the file cannot be read or is empty, or the token is the example
     *         manifest's placeholder
     */
    static String resolve(String option, String argument, Path file, String env, PrintStream err) {
        String token = given(option, argument, file, env, err);
        if (token != null && token.startsWith(ClusterSecret.PLACEHOLDER)) {
            throw new IllegalArgumentException(option + ": '" + ClusterSecret.PLACEHOLDER + "…' is the example manifest's"
                    + " placeholder, printed in a public file: set a token of your own (openssl rand -hex 32)");
        }
        return token;
    }

    private static String given(String option, String argument, Path file, String env, PrintStream err) {
        if (file != null) {
            try {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (token.isEmpty()) {
                    throw new IllegalArgumentException(option + "-file " + file + " is empty");
                }
                return token;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + option + "-file " + file + ": " + e.getMessage());
            }
        }
        if (argument != null && !argument.isEmpty()) {
            err.println("warning: " + option + " on the command line can be read by every user of this machine (ps);"
                    + " use " + option + "-file FILE or $" + env + " instead");
            return argument;
        }
        String fromEnv = System.getenv(env);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
    }
}
