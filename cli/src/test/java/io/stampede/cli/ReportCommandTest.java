package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    static final String BASE = "20261126-000344-c62d";

    @TempDir
    Path dir;

    @Test
    void reportRegeneratesTheSelfContainedPageFromTheFolder() throws Exception {
        Path run = CommandOutput.copyRuns(dir).resolve(BASE);

        CommandOutput result = CommandOutput.run("report", run.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("report.html");
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("Content-Security-Policy", "default-src 'none'", "refund_regression", BASE, "echarts");
        assertThat(html).doesNotContain("<script src=", "<link rel=\"stylesheet\" href=");
    }

    @Test
    void aRunCutOffByTheCoordinatorsDeathIsSummedUpFromItsLastCheckpoint() throws Exception {
        Path run = CommandOutput.copyRuns(dir).resolve(BASE);
        // What a coordinator killed mid-run leaves: the streamed files and its last checkpoint, no summary, no report.
        Files.move(run.resolve("summary.json"), run.resolve("checkpoint.json"));
        Files.delete(run.resolve("stats.csv"));
        Files.deleteIfExists(run.resolve("report.html"));

        CommandOutput result = CommandOutput.run("report", run.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("summed up from its last checkpoint");
        assertThat(run.resolve("summary.json")).exists();
        assertThat(run.resolve("checkpoint.json")).doesNotExist();
        assertThat(Files.readString(run.resolve("stats.csv"))).startsWith("type,name,count");
        assertThat(Files.readString(run.resolve("report.html"))).contains(BASE);
    }

    @Test
    void aRunThatDiedBeforeItsFirstCheckpointGetsAPageSayingNoFigureWasKept() throws Exception {
        Path run = CommandOutput.copyRuns(dir).resolve(BASE);
        // A coordinator killed in the run's first seconds leaves its record and nothing summed up.
        Files.delete(run.resolve("summary.json"));
        Files.deleteIfExists(run.resolve("stats.csv"));
        Files.deleteIfExists(run.resolve("report.html"));
        Files.writeString(run.resolve("run.json"), "{\"id\": \"" + BASE + "\", \"scenario\": \"refund_regression\","
                + " \"status\": \"aborted\", \"reason\": \"the coordinator stopped while the run was running\","
                + " \"created_at\": 1796500000000, \"started_at\": 1796500001000}");

        CommandOutput result = CommandOutput.run("report", run.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("refund_regression", BASE, "ABORTED", "the coordinator stopped while the run was running",
                "No figures were kept", "default-src 'none'");
        assertThat(run.resolve("summary.json")).as("nothing is made up").doesNotExist();
    }

    @Test
    void reportOfAFolderWithoutSummarySaysWhatIsMissingAndExits2() {
        CommandOutput result = CommandOutput.run("report", dir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).contains("no summary.json");
    }
}
