package io.stampede.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stampede.secret.ClusterSecret;

/** A {@code stampede} command in its own JVM, as in production: for cluster tests. */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The secret of the test clusters: every node a test starts has it (in its environment, as in production). */
    static final String CLUSTER_SECRET = "test-cluster-secret-" + ProcessHandle.current().pid() + "-0123456789abcdef";

    /** The secret as an in-process coordinator of a test cluster takes it. */
    static ClusterSecret clusterSecret() {
        return ClusterSecret.of(CLUSTER_SECRET, "of the tests");
    }

    static WorkerProcess start(Path logDir, String name, String... args) throws IOException {
        return start(logDir, name, Map.of(ClusterSecret.ENV, CLUSTER_SECRET), args);
    }

    /** With {@code environment} instead of the test cluster's secret (a rogue node: another secret, or none). */
    static WorkerProcess start(Path logDir, String name, Map<String, String> environment, String... args) throws IOException {
        return startMain(Main.class, logDir, name, environment, args);
    }

    /** {@code main} of another class (a rogue node) in its own JVM. */
    static WorkerProcess startMain(Class<?> main, Path logDir, String name, Map<String, String> environment, String... args)
            throws IOException {
        return startMain("256m", main, logDir, name, environment, args);
    }

    /** {@code main} of {@code main} in its own JVM whose heap is at most {@code maxHeap} ({@code -Xmx}). */
    static WorkerProcess startMain(String maxHeap, Class<?> main, Path logDir, String name, Map<String, String> environment,
                                   String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove(ClusterSecret.ENV);
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new WorkerProcess(process, log);
    }

    /** SIGKILL: no shutdown hook, no goodbye — like a machine that dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process stops dead, timers and all, as in a long pause or a frozen VM. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}: it goes on where it stopped, its overdue timers firing at once. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    File log() {
        return log.toFile();
    }

    /** What it printed so far (stdout and stderr). */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /**
     * The first line of its output that {@code pattern} finds, waiting for it up to {@code timeout};
     * fails with the output when the process ends or time runs out first.
     */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws Exception {
        AtomicReference<Matcher> found = new AtomicReference<>();
        Waits.until("'" + pattern + "' in the output of " + log.getFileName(), timeout, () -> {
            Matcher m = pattern.matcher(output());
            if (m.find()) {
                found.set(m);
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError(log.getFileName() + " ended (exit " + process.exitValue() + ") without printing '"
                        + pattern + "':\n" + output());
            }
            return false;
        }, this::output);
        return found.get();
    }

    /** Its exit code once it ended by itself; fails with its output when it has not within {@code timeout}. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                resume(); // a paused process would not hear the stop
            } catch (IOException e) {
                // it is stopped harder below
            }
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
