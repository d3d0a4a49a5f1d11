package io.stampede.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every node of one cluster shares, and the keys derived from it. Only a node that
 * holds it can read or write a message on the event bus ({@link Sealer}). It comes from a file
 * (a mounted Kubernetes Secret is a file) or an environment variable, never from a command-line
 * argument, which anyone on the machine can read in {@code ps}; the embedded default makes a
 * random one per process ({@link #forThisProcess}).
 *
 * <p>Immutable; never printed ({@link #toString} says nothing of the value).
 */
public final class ClusterSecret {
    /** Fewer characters than this could be guessed. */
    public static final int MIN_LENGTH = 16;
    public static final String ENV = "STAMPEDE_CLUSTER_SECRET";
    /**
     * How the example manifests' placeholders start ({@code change-me-to-openssl-rand-hex-32}):
     * a secret printed in a public file is no secret, so an unedited deployment must not start.
     */
    public static final String PLACEHOLDER = "change-me";
    private static final ClusterSecret PROCESS = new ClusterSecret(randomText());

    private final byte[] value;

    private ClusterSecret(String text) {
        this.value = text.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException with a sentence for the user when it is too short or a placeholder */
    public static ClusterSecret of(String text, String from) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.regionMatches(true, 0, PLACEHOLDER, 0, PLACEHOLDER.length())) {
            throw new IllegalArgumentException("the cluster secret " + from + " is the example's placeholder ('" + PLACEHOLDER
                    + "…'), which anyone can read: replace it with a secret of your own, made with `openssl rand -hex 32`,"
                    + " the same on every node");
        }
        if (trimmed.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the cluster secret " + from + " has " + trimmed.length() + " characters; it needs "
                    + MIN_LENGTH + " or more: make one with `openssl rand -hex 32`");
        }
        return new ClusterSecret(trimmed);
    }

    /** The secret in {@code file} (surrounding white space, such as a final newline, is not part of it). */
    public static ClusterSecret fromFile(Path file) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8), "in " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cluster secret file " + file + ": " + e.getMessage());
        }
    }

    /**
     * The secret from {@code file} when given, else from the environment variable {@value #ENV}.
     *
     * @throws IllegalArgumentException when there is none, or it is too short
     */
    public static ClusterSecret resolve(Path file, String fromEnvironment) {
        if (file != null) {
            return fromFile(file);
        }
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return of(fromEnvironment, "in $" + ENV);
        }
        throw new IllegalArgumentException("a cluster node needs the cluster's secret, so no one else can join it: put the same"
                + " secret in $" + ENV + " or in a file named by --cluster-secret-file on every node"
                + " (make one with `openssl rand -hex 32`)");
    }

    /** One random secret per process: the coordinator and worker of an embedded run share it, nobody else has it. */
    public static ClusterSecret forThisProcess() {
        return PROCESS;
    }

    /** A fresh random secret (tests: a node that holds another secret than the cluster's). */
    public static ClusterSecret random() {
        return new ClusterSecret(randomText());
    }

    /** A key of 32 bytes for {@code purpose}: HMAC-SHA256(secret, purpose), so keys for different uses are unrelated. */
    byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(value, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static String randomText() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "ClusterSecret(***)";
    }
}
