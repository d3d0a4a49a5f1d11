package io.stampede.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real terminal for a command: a tmux session on a tmux server of its own (never the user's),
 * where keys are typed (Ctrl-C, Enter) and the screen is read back as a person sees it, colours
 * included. Tests that need it skip, saying what to install, where tmux is missing; CI installs it.
 */
final class TmuxTerminal implements AutoCloseable {
    private static final String SESSION = "t";
    /** Printed after the command ends, with its exit code. */
    static final String EXIT_MARK = "EXIT=";

    private final String server;

    private TmuxTerminal(String server) {
        this.server = server;
    }

    /** Starts {@code java … Main args} in a new terminal 200 columns wide, with {@code environment} added. */
    static TmuxTerminal stampede(Path dir, Map<String, String> environment, String... args) throws Exception {
        assumeTrue(tmuxInstalled(), "skipped: no tmux here; install it with: apt-get install -y tmux (CI does)");
        List<String> command = new ArrayList<>(List.of("env"));
        environment.forEach((k, v) -> command.add(k + "=" + v));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path script = dir.resolve("command-" + System.nanoTime() + ".sh");
        // The shell must outlive Ctrl-C to print the exit code: a trap that runs a command (not one that ignores the
        // signal, which the command would inherit) keeps it waiting for the command.
        Files.writeString(script, "trap 'true' INT\ncd " + quote(dir.toString()) + "\n" + String.join(" ", command.stream().map(TmuxTerminal::quote).toList())
                + "\necho " + EXIT_MARK + "$?\nsleep 600\n");
        TmuxTerminal terminal = new TmuxTerminal("stampede-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        terminal.tmux("new-session", "-d", "-s", SESSION, "-x", "200", "-y", "50", "sh " + quote(script.toString()));
        return terminal;
    }

    /** What the screen and its scrollback show, lines joined as written; with {@code colours}, the escape codes too. */
    String screen(boolean colours) throws Exception {
        List<String> args = new ArrayList<>(List.of("capture-pane", "-p", "-J", "-S", "-500", "-t", SESSION));
        if (colours) {
            args.add("-e");
        }
        return tmux(args.toArray(String[]::new));
    }

    /** Types keys as tmux names them: {@code C-c}, {@code Enter}. */
    void type(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Waits, bounded, until the screen shows {@code text}. */
    void awaitText(String text, Duration timeout) throws Exception {
        Waits.until("'" + text + "' on the terminal", timeout, () -> screen(false).contains(text), () -> {
            try {
                return "the screen:\n" + screen(false);
            } catch (Exception e) {
                return "(no screen: " + e + ")";
            }
        });
    }

    /** The command's exit code, once it ended. */
    int awaitExit(Duration timeout) throws Exception {
        awaitText(EXIT_MARK, timeout);
        String screen = screen(false);
        String after = screen.substring(screen.lastIndexOf(EXIT_MARK) + EXIT_MARK.length()).strip();
        return Integer.parseInt(after.lines().findFirst().orElseThrow().strip());
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server, "-f", "/dev/null"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static boolean tmuxInstalled() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() throws Exception {
        tmux("kill-server");
    }
}
