package io.stampede.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.stampede.report.ReportGenerator;
import io.stampede.results.ResultFolder;
import io.stampede.run.RunRecovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "report", description = "Regenerates report.html of a run from the files of its results folder (a run a"
        + " coordinator's death cut off is summed up from its last checkpoint first).")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run's results folder, e.g. results/20261125-120000-ab12")
    Path dir;

    @Override
    public Integer call() {
        try {
            boolean finished = Files.isRegularFile(dir.resolve(ResultFolder.SUMMARY));
            if (!finished && RunRecovery.recover(dir) != null) {
                System.out.println("summed up from its last checkpoint: " + dir.resolve(ResultFolder.SUMMARY));
            }
            Path report = ReportGenerator.write(dir);
            System.out.println("report: " + report);
            return ExitCodes.OK;
        } catch (NoSuchFileException e) {
            System.err.println(dir + ": " + (e.getReason() != null ? e.getReason() : "not found"));
            return ExitCodes.INVALID;
        } catch (IOException e) {
            System.err.println(dir + ": cannot write the report: " + e.getMessage());
            return ExitCodes.NOT_CARRIED_OUT;
        }
    }
}
