package io.stampede.cli;

import io.stampede.results.Verdict;

/**
 * How the CLI writes for a person: colour only when the output is a terminal, and never when
 * {@code NO_COLOR} is set to anything (no-color.org). Colour is never the only signal: every
 * coloured word also says PASS, FAIL, ✓ or ✗.
 */
final class Terminal {
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    private Terminal(boolean colour) {
        this.colour = colour;
    }

    /** This process's output: a terminal (stdin and stdout are), and NO_COLOR as the environment has it. */
    static Terminal detect() {
        return of(System.console() != null, System.getenv("NO_COLOR"));
    }

    static Terminal of(boolean isTerminal, String noColor) {
        return new Terminal(isTerminal && (noColor == null || noColor.isEmpty()));
    }

    boolean colour() {
        return colour;
    }

    String good(String text) {
        return paint(GREEN, text);
    }

    String bad(String text) {
        return paint(RED, text);
    }

    /** The verdict's line, red or green by its outcome (bold when it is neither). */
    String verdict(Verdict verdict, int exitCode) {
        String line = verdict.line(exitCode);
        return switch (verdict.outcome()) {
            case PASSED -> good(line);
            case FINISHED, RUNNING -> paint(BOLD, line);
            default -> bad(line);
        };
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
