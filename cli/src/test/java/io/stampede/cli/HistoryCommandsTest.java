package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.results.ResultsJson;

/**
 * The run index from the command line, as a CI job uses it: {@code stampede run --tag --label},
 * {@code stampede compare --baseline last:tag=nightly} with no run id, and {@code stampede index
 * DATA_DIR} building, refreshing and trimming the index of a data dir (on SQLite, and on
 * PostgreSQL when {@code STAMPEDE_TEST_POSTGRES} names a test server, as in {@code .ci/run}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HistoryCommandsTest {
    @TempDir
    Path dir;

    private Path scenario() throws Exception {
        String agent;
        try (ServerSocket s = new ServerSocket(0)) {
            agent = "http://127.0.0.1:" + s.getLocalPort();
        }
        Path file = dir.resolve("passing.yaml");
        Files.writeString(file, Files.readString(Path.of("src/test/resources/cli/passing.yaml")).replace("${AGENT_URL}", agent));
        return file;
    }

    private List<Path> folders(Path results) throws Exception {
        try (Stream<Path> list = Files.list(results)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void runsTaggedOnTheCommandLineAreComparedWithABaselineFromHistory() throws Exception {
        Path file = scenario();
        Path results = dir.resolve("results");
        String out = results.toString();
        assertThat(CommandOutput.run("run", file.toString(), "--out", out, "--quiet", "--tag", "nightly", "--label", "commit=a1")
                .exitCode()).isZero();
        assertThat(CommandOutput.run("run", file.toString(), "--out", out, "--quiet").exitCode()).isZero();
        assertThat(CommandOutput.run("run", file.toString(), "--out", out, "--quiet", "--tag", "nightly", "--label", "commit=b2",
                "--label", "env=staging").exitCode()).isZero();
        List<Path> runs = folders(results);
        assertThat(runs).hasSize(3);
        String first = runs.get(0).getFileName().toString();
        String third = runs.get(2).getFileName().toString();
        JsonNode record = ResultsJson.MAPPER.readTree(runs.get(2).resolve("run.json").toFile());
        assertThat(record.get("tags")).extracting(JsonNode::asText).containsExactly("nightly");
        assertThat(record.get("labels").get("env").asText()).isEqualTo("staging");
        assertThat(record.get("submitted_by").asText()).startsWith("stampede-cli ");
        assertThat(record.get("origin").asText()).isEqualTo("passing.yaml");
        assertThat(results.resolve("index.db")).exists();
        assertThat(runs.get(2).resolve("trend.json")).exists();
        assertThat(Files.readString(runs.get(2).resolve("report.html")).contains("\"trend\":{\"scenario\":\"cli_passing\"")).isTrue();

        CommandOutput last = CommandOutput.run("compare", "--baseline", "last:tag=nightly", "--data-dir", out,
                "--fail-on-regression", "--tolerance", "1000%");
        assertThat(last.exitCode()).as(last.err()).isZero();
        assertThat(last.out()).contains("baseline " + first + ": the newest run matching last:tag=nightly; candidate " + third)
                .contains("candidate " + third).contains("NO REGRESSION");

        CommandOutput median = CommandOutput.run("compare", "--baseline", "median:5,tag=nightly", third, "--data-dir", out);
        assertThat(median.exitCode()).as(median.err()).isZero();
        assertThat(median.out()).contains("baseline " + first + ": the median p95 of the 1 newest runs matching median:5,tag=nightly");

        CommandOutput none = CommandOutput.run("compare", "--baseline", "last:tag=weekly", "--data-dir", out);
        assertThat(none.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(none.err()).contains("no run matches last:tag=weekly");

        CommandOutput firstHasNone = CommandOutput.run("compare", "--baseline", "last:tag=nightly", first, "--data-dir", out);
        assertThat(firstHasNone.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(firstHasNone.err()).contains("no baseline for " + first);
    }

    @Test
    void aBadTagOrLabelIsRefusedBeforeAnythingRuns() throws Exception {
        Path file = scenario();
        CommandOutput tag = CommandOutput.run("run", file.toString(), "--out", dir.resolve("r").toString(), "--tag", "night ly");
        assertThat(tag.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(tag.err()).contains("--tag 'night ly': a tag is 1 to 64 letters");
        CommandOutput label = CommandOutput.run("run", file.toString(), "--out", dir.resolve("r").toString(), "--label", "commit");
        assertThat(label.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(label.err()).contains("a label is NAME=VALUE");
        assertThat(dir.resolve("r")).doesNotExist();
        CommandOutput baseline = CommandOutput.run("compare", "--baseline", "best", "--data-dir", dir.toString());
        assertThat(baseline.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(baseline.err()).contains("'best' is not a baseline");
    }

    @Test
    void indexBuildsRefreshesAndTrimsTheIndexOfADataDirOnSqlite() throws Exception {
        indexCommandKeepsTheIndexInLineWithTheFolders();
    }

    @Test
    void indexBuildsRefreshesAndTrimsTheIndexOfADataDirOnPostgresql() throws Exception {
        String url = System.getenv("STAMPEDE_TEST_POSTGRES");
        if (url == null || url.isBlank()) {
            String why = "no PostgreSQL server for this test: set STAMPEDE_TEST_POSTGRES and STAMPEDE_TEST_POSTGRES_PASSWORD"
                    + " (eval \"$(.ci/test-postgres start)\"; .ci/run does)";
            if (System.getenv("STAMPEDE_TEST_POSTGRES_REQUIRED") != null) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        String password = System.getenv("STAMPEDE_TEST_POSTGRES_PASSWORD");
        String schema = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        java.net.URI uri = java.net.URI.create(url);
        Properties credentials = new Properties();
        credentials.setProperty("user", uri.getUserInfo());
        credentials.setProperty("password", password);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort()
                + uri.getPath(), credentials)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        Path passwordFile = dir.resolve("db.password");
        Files.writeString(passwordFile, password + "\n");
        indexCommandKeepsTheIndexInLineWithTheFolders("--database", url + "?currentSchema=" + schema,
                "--database-password-file", passwordFile.toString());
    }

    private void indexCommandKeepsTheIndexInLineWithTheFolders(String... database) throws Exception {
        Path data = CommandOutput.copyRuns(dir.resolve("data"));
        CommandOutput built = CommandOutput.run(args("index", data.toString(), database));
        assertThat(built.exitCode()).as(built.err()).isZero();
        assertThat(built.out()).contains("2 runs indexed, 0 removed, 0 up to date");

        CommandOutput again = CommandOutput.run(args("index", data.toString(), database));
        assertThat(again.out()).contains("0 runs indexed, 0 removed, 2 up to date");

        CommandOutput full = CommandOutput.run(args("index", data.toString(), "--full", database));
        assertThat(full.out()).contains("2 runs indexed, 0 removed, 0 up to date");

        CommandOutput trimmed = CommandOutput.run(args("index", data.toString(), "--keep-runs", "1", database));
        assertThat(trimmed.out()).contains("1 removed by retention (keep the newest 1 runs, pinned runs always)");
        assertThat(data.resolve(CompareCommandTest.BASE)).doesNotExist();
        assertThat(data.resolve(CompareCommandTest.SLOWER)).isDirectory();

        CommandOutput missing = CommandOutput.run(args("index", dir.resolve("nowhere").toString(), database));
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(missing.err()).contains("is not a folder");
    }

    private static String[] args(String command, String target, String... more) {
        return Stream.concat(Stream.of(command, target), Stream.of(more)).toArray(String[]::new);
    }

    private static String[] args(String command, String target, String option, String[] more) {
        return Stream.concat(Stream.of(command, target, option), Stream.of(more)).toArray(String[]::new);
    }

    private static String[] args(String command, String target, String option, String value, String[] more) {
        return Stream.concat(Stream.of(command, target, option, value), Stream.of(more)).toArray(String[]::new);
    }
}
