package io.stampede.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import io.stampede.results.Summary;
import io.stampede.results.Verdict;

/**
 * The end of a run in the terminal, the same for a local and a remote run: the summary table
 * (partial after Ctrl-C), where the results are, the JUnit report when asked for, and as the last
 * line the verdict with the exit code that follows ({@code ✗ 1 of 5 thresholds failed (…) → exit 1}).
 */
record RunEnding(String scenario, Path junit, Terminal terminal, PrintStream out, PrintStream err) {

    /**
     * Prints the end of a run and answers its exit code: the verdict's, or 130 after Ctrl-C.
     * {@code summary} is null when the run ended without one (it failed before it started).
     */
    int print(Summary summary, String status, String reason, List<String> where, boolean interrupted) {
        Verdict verdict = summary != null ? summary.verdict() : Verdict.judge(status, reason, List.of());
        int exitCode = interrupted ? Interrupts.EXIT_CODE : verdict.outcome().exitCode();
        if (summary != null) {
            SummaryTable.print(summary, out, terminal);
        } else {
            err.println("run " + status + ": " + (reason == null ? "no reason given" : reason));
        }
        out.println();
        where.forEach(out::println);
        if (junit != null) {
            try {
                JUnitReport.write(junit, scenario, verdict, summary);
                out.println("junit: " + junit);
            } catch (IOException e) {
                err.println("--junit: " + e.getMessage());
            }
        }
        out.println(terminal.verdict(verdict, exitCode));
        return exitCode;
    }
}
