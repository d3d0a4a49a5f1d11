package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.run.RunOverrides;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioError;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import picocli.CommandLine;

/**
 * The docs' examples run as written: every ```yaml block of README.md and docs/*.md is valid
 * YAML, every scenario among them validates (its data: files are looked up in scenarios/, where
 * they are shipped) and runs to its end against the demo agent, and every `stampede run` line
 * of a CI example parses as the command line it is, naming a scenario that validates.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DocsExamplesTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern SCENARIO = Pattern.compile("^scenario:", Pattern.MULTILINE);
    private static final Pattern RUN_LINE = Pattern.compile("(?:\\./)?stampede (run [^\\n#]+)");
    private static final String DOCUMENTED_AGENT = "127.0.0.1:8700";

    @TempDir
    Path dir;

    /** One example: where it is written (file:line) and its text. */
    private record Block(String where, String text) {
        boolean isScenario() {
            return SCENARIO.matcher(text).find();
        }
    }

    private static List<Block> blocks() {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (Path doc : docs) {
            String text;
            try {
                text = Files.readString(doc);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher m = YAML_BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start(1)).lines().count() + 1;
                blocks.add(new Block(ROOT.relativize(doc) + ":" + line, m.group(1)));
            }
        }
        return blocks;
    }

    private static ScenarioSource source(Block block, String text, Map<String, String> env) {
        return new ScenarioSource(text, block.where(), ROOT.resolve("scenarios").toAbsolutePath().normalize(), env, null);
    }

    @Test
    void everyYamlBlockOfTheDocsIsValidYaml() {
        List<Block> blocks = blocks();

        assertThat(blocks).as("YAML examples in the docs").hasSizeGreaterThanOrEqualTo(7);
        for (Block block : blocks) {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            assertThat(yaml.loadAll(block.text())).as(block.where()).isNotEmpty();
        }
    }

    @Test
    void everyScenarioOfTheDocsValidates() {
        List<Block> scenarios = blocks().stream().filter(Block::isScenario).toList();

        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(5);
        for (Block block : scenarios) {
            List<ScenarioError> errors = ScenarioLoader.validate(source(block, block.text(),
                    Map.of("STAMPEDE_TARGET", "http://" + DOCUMENTED_AGENT)));
            assertThat(errors).as(block.where() + " validates").isEmpty();
        }
    }

    @Test
    void everyScenarioOfTheDocsRunsToItsEndAgainstTheDemoAgent() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("results"))) {
            DemoAgent agent = Await.result(DemoAgent.start(cluster.vertx(), new DemoAgentOptions().setHost("127.0.0.1").setPort(0)
                    .setLatencyScale(0.1)), Duration.ofSeconds(30));
            String address = "127.0.0.1:" + agent.port();
            Map<String, String> env = new HashMap<>();
            env.put("STAMPEDE_TARGET", "http://" + address);
            env.put("AGENT_URL", "http://" + address);
            env.put("OPENAI_BASE_URL", "http://" + address + "/v1"); // as the SDKs write it: no second /v1 follows
            for (Block block : blocks().stream().filter(Block::isScenario).toList()) {
                Map<String, String> given = new HashMap<>(env);
                if (block.text().contains("OPENAI_BASE_URL")) {
                    given.remove("STAMPEDE_TARGET"); // the example shows the SDKs' variables at work
                }
                ScenarioSource source = source(block, block.text().replace(DOCUMENTED_AGENT, address), given);
                Scenario scenario = ScenarioLoader.load(source);
                boolean closed = scenario.load().stages().isEmpty() && scenario.load().arrivalRate() == null;
                RunOverrides shorter = new RunOverrides(closed ? Math.min(2, scenario.load().users()) : null, Duration.ofSeconds(2));
                Run run = Await.result(cluster.coordinator().runs().submit(source, shorter), Duration.ofSeconds(30));
                Summary summary = Await.result(run.completion(), Duration.ofSeconds(60));

                assertThat(summary).as(block.where() + ": " + run.reason()).isNotNull();
                assertThat(summary.status()).as(block.where()).isEqualTo("done");
                assertThat(summary.requests().count()).as(block.where() + " sent requests").isPositive();
                assertThat(summary.steps()).as(block.where() + ": the agent was there to answer every step")
                        .allSatisfy(step -> assertThat(step.failures()).noneSatisfy(f ->
                                assertThat(f.reason()).containsAnyOf("404", "refused", "onnect")));
            }
        }
    }

    @Test
    void everyStampedeRunLineOfTheCiExamplesParsesAndNamesAScenarioThatValidates() {
        List<String> lines = new ArrayList<>();
        for (Block block : blocks()) {
            Matcher m = RUN_LINE.matcher(block.text());
            while (m.find()) {
                lines.add(m.group(1).strip());
            }
        }

        assertThat(lines).as("stampede run lines in YAML examples (CI)").hasSizeGreaterThanOrEqualTo(2);
        for (String line : lines) {
            String[] args = line.split("\\s+");
            CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args);
            RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
            assertThat(ROOT.resolve(run.file)).as(line).exists();
            Map<String, String> env = run.target == null ? Map.of() : Map.of("STAMPEDE_TARGET", run.target);
            Path file = ROOT.resolve(run.file);
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(ScenarioLoader.validate(new ScenarioSource(text, file.toString(), file.toAbsolutePath().getParent(), env, null)))
                    .as(line).isEmpty();
        }
    }
}
