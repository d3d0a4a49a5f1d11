package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    static final String BASE = ReportCommandTest.BASE;
    /** The same scenario against a demo agent three times slower. */
    static final String SLOWER = "20261126-000412-6cc8";

    @TempDir
    Path dir;

    @Test
    void aSlowerCandidateIsFlaggedAndFailsTheBuildWithFailOnRegression() {
        Path runs = CommandOutput.copyRuns(dir);

        CommandOutput result = CommandOutput.run("compare", BASE, SLOWER, "--data-dir", runs.toString(), "--fail-on-regression");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).startsWith("REGRESSION: ")
                .containsPattern("run +all +p95 .*REGRESSION")
                .containsPattern("node +llm_call +p50 .*REGRESSION");
    }

    @Test
    void withoutFailOnRegressionTheComparisonIsPrintedAndExits0() {
        Path runs = CommandOutput.copyRuns(dir);

        CommandOutput result = CommandOutput.run("compare", runs.resolve(BASE).toString(), runs.resolve(SLOWER).toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("REGRESSION");
    }

    @Test
    void aRunComparedWithItselfHasNoRegression() {
        Path runs = CommandOutput.copyRuns(dir);

        CommandOutput result = CommandOutput.run("compare", BASE, BASE, "--data-dir", runs.toString(), "--fail-on-regression");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("NO REGRESSION: ").doesNotContainPattern("(?m)REGRESSION$");
    }

    @Test
    void theFasterRunComparedWithTheSlowerOneShowsImprovements() {
        Path runs = CommandOutput.copyRuns(dir);

        CommandOutput result = CommandOutput.run("compare", SLOWER, BASE, "--data-dir", runs.toString(), "--fail-on-regression");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("NO REGRESSION").containsPattern("run +all +p50 .*better");
    }

    @Test
    void aGenerousToleranceLetsTheSlowerRunPass() {
        Path runs = CommandOutput.copyRuns(dir);

        CommandOutput result = CommandOutput.run("compare", BASE, SLOWER, "--data-dir", runs.toString(), "--tolerance", "1000%",
                "--fail-on-regression");

        assertThat(result.exitCode()).isZero();
    }

    @Test
    void severalBaselinesArePooledAndJUnitXmlIsWrittenForCi() throws Exception {
        Path runs = CommandOutput.copyRuns(dir);
        Path xml = dir.resolve("reports/compare.xml");

        CommandOutput result = CommandOutput.run("compare", "--baseline", BASE + "," + BASE, SLOWER, "--data-dir", runs.toString(),
                "--junit", xml.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("base +" + BASE + "[^\\n]*\\n.*base +" + BASE);
        String junit = java.nio.file.Files.readString(xml);
        assertThat(junit).startsWith("<?xml").contains("<testsuite name=\"stampede compare " + SLOWER + "\"")
                .containsPattern("failures=\"[1-9][0-9]*\"").contains("<failure message=\"p95 all:", "type=\"regression\"");
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        assertThat(CompareText.colour(true, null)).isTrue();
        assertThat(CompareText.colour(true, "")).isTrue();
        assertThat(CompareText.colour(true, "1")).isFalse();
        assertThat(CompareText.colour(false, null)).isFalse();
    }

    @Test
    void anUnknownRunIsReportedAndExits2() {
        CommandOutput result = CommandOutput.run("compare", "20990101-000000-aaaa", BASE, "--data-dir", dir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).contains("no run 20990101-000000-aaaa");
    }

    @Test
    void aToleranceThatIsNotAPercentageIsRefused() {
        CommandOutput result = CommandOutput.run("compare", BASE, SLOWER, "--data-dir", dir.toString(), "--tolerance", "lots");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).contains("--tolerance must be a percentage like 10%");
    }

    @Test
    void jsonOutputIsTheApiShape() {
        Path runs = CommandOutput.copyRuns(dir);

        CommandOutput result = CommandOutput.run("compare", BASE, SLOWER, "--data-dir", runs.toString(), "--json");

        assertThat(result.out()).contains("\"regressed\" : true", "\"lines\"", "\"delta_pct\"");
    }
}
