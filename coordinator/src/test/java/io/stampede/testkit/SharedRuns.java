package io.stampede.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.stampede.run.Run;

/**
 * One embedded cluster and one finished run for every test class of this JVM that only reads a
 * run (report, compare, metrics): a real run costs seconds, so it is made once. Folders go under
 * {@code target/test-runs/} where a failing test's files can be looked at.
 */
public final class SharedRuns {
    private static RealCluster cluster;
    private static String fastAgent;
    private static Run base;
    private static Run slower;

    private SharedRuns() {
    }

    public static synchronized RealCluster cluster() {
        if (cluster == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "test-runs"));
                cluster = RealCluster.start(Files.createTempDirectory(dir, "shared-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            fastAgent = cluster.startAgent(0.2);
        }
        return cluster;
    }

    /** A demo agent five times faster than life, shared by the runs of this JVM. */
    public static synchronized String fastAgent() {
        cluster();
        return fastAgent;
    }

    /** A finished run of {@code reports/two-turns.yaml} (6 users, 4 s) against the fast agent. */
    public static synchronized Run base() {
        if (base == null) {
            base = cluster().run("reports/two-turns.yaml", Map.of("AGENT_URL", fastAgent()));
        }
        return base;
    }

    /** The same scenario as {@link #base()} against an agent five times slower: an injected regression. */
    public static synchronized Run slower() {
        if (slower == null) {
            String slowAgent = cluster().startAgent(1.0);
            slower = cluster().run("reports/two-turns.yaml", Map.of("AGENT_URL", slowAgent));
        }
        return slower;
    }
}
