package io.stampede.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stampede replay RUN_DIR}: sends the conversations a run recorded ({@code --record},
 * {@code conversations.jsonl}) to the agent again and checks each reply against the recorded one.
 * It writes the replay as a scenario of its own — the recorded run's target, profile, pricing and
 * judge, {@code data: { replay: RUN_DIR }}, one {@code from_dataset} step with the check — and
 * runs it as {@code stampede run} does, so the replay can be kept and run again as a test.
 */
@Command(name = "replay", description = "Sends a recorded run's conversations again (recorded with run --record) and checks each"
        + " reply against the recorded one.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the folder of a run made with --record")
    Path runDir;

    @Option(names = "--timing", paramLabel = "T", description = "as-fast (default: back to back on --users users, no think time),"
            + " recorded (each conversation when it began, each turn after its recorded think time) or scaled (recorded, --speed"
            + " times faster)")
    String timing = "as-fast";

    @Option(names = "--speed", paramLabel = "X", description = "with --timing scaled: how many times faster than recorded, e.g. 2")
    Double speed;

    @Option(names = "--users", paramLabel = "N", description = "with --timing as-fast: users replaying at once (default 1)")
    Integer users;

    @Option(names = "--check", paramLabel = "C", description = "each reply against the recorded one: similarity (default), exact,"
            + " judge (the LLM judge, see --judge-url) or none")
    String check = "similarity";

    @Option(names = "--min-similarity", paramLabel = "S", description = "with --check similarity: the least similarity that passes,"
            + " 0 to 1 (default ${DEFAULT-VALUE})")
    double minSimilarity = 0.8;

    @Option(names = "--success-rate", paramLabel = "P", description = "the replay fails (exit 1) when fewer conversations pass"
            + " than this (default ${DEFAULT-VALUE})")
    String successRate = "99%";

    @Option(names = "--judge-url", paramLabel = "URL", description = "with --check judge: the judge's OpenAI-compatible server"
            + " (default: the recorded scenario's judge)")
    String judgeUrl;

    @Option(names = "--judge-model", paramLabel = "M", description = "with --check judge: the judge's model")
    String judgeModel;

    @Option(names = "--base-url", paramLabel = "URL", description = "send to this agent instead of the recorded target's base_url")
    String baseUrl;

    @Option(names = "--scenario-out", paramLabel = "FILE", description = "where to write the replay's scenario (default:"
            + " <out>/replay-of-<run>.yaml)")
    Path scenarioOut;

    @Option(names = "--out", paramLabel = "DIR", description = "results go to DIR/<run-id>/ (default: results)")
    Path out = Path.of("results");

    @Option(names = "--record", description = "record the replay's conversations too")
    boolean record;

    @Option(names = "--quiet", description = "no live progress, only the summary")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        String text;
        Path scenarioFile;
        try {
            text = scenario();
            Path dir = runDir.toAbsolutePath().normalize();
            scenarioFile = scenarioOut != null ? scenarioOut : out.resolve("replay-of-" + dir.getFileName() + ".yaml");
            Files.createDirectories(scenarioFile.toAbsolutePath().getParent());
            Files.writeString(scenarioFile, text);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("replay: " + e.getMessage());
            return ExitCodes.INVALID;
        }
        if (!quiet) {
            System.out.println("replay of " + runDir + " (timing " + timing + ", check " + check + "): " + scenarioFile);
        }
        RunCommand run = new RunCommand();
        run.file = scenarioFile;
        run.out = out;
        run.quiet = quiet;
        run.record = record;
        return run.call();
    }

    /** The replay as scenario text, from the recorded run's folder. */
    String scenario() throws IOException {
        Path dir = runDir.toAbsolutePath().normalize();
        Path recorded = dir.resolve("scenario.yaml");
        if (!Files.isRegularFile(recorded)) {
            throw new IllegalArgumentException(dir + " is not a run folder: it has no scenario.yaml");
        }
        if (!Files.isRegularFile(dir.resolve("conversations.jsonl"))) {
            throw new IllegalArgumentException(dir + " has no conversations.jsonl: replay a run made with stampede run FILE --record");
        }
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(recorded));
        if (!(parsed instanceof Map<?, ?> original) || !(original.get("target") instanceof Map<?, ?> target)) {
            throw new IllegalArgumentException(recorded + " has no target to send to");
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", "replay_of_" + String.valueOf(original.get("scenario")));
        doc.put("description", "the conversations of run " + dir.getFileName() + " sent again");
        Map<String, Object> newTarget = new LinkedHashMap<>();
        target.forEach((k, v) -> newTarget.put(String.valueOf(k), v));
        if (baseUrl != null) {
            newTarget.put("base_url", baseUrl);
            newTarget.remove("embedded");
        }
        doc.put("target", newTarget);
        for (String key : List.of("user_profile", "pricing", "judge")) {
            if (original.get(key) != null) {
                doc.put(key, original.get(key));
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("replay", dir.toString());
        data.put("timing", timing.toLowerCase(Locale.ROOT));
        if (speed != null) {
            data.put("speed", speed);
        }
        if (timing.equals("as-fast") && users != null) {
            doc.put("load", Map.of("users", users));
        } else if (users != null) {
            throw new IllegalArgumentException("--users applies to --timing as-fast; a paced replay starts each conversation"
                    + " when it began");
        }
        doc.put("data", data);
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("from_dataset", Map.of("turns", "user"));
        step.put("name", "replay");
        Map<String, Object> assertion = check();
        if (!assertion.isEmpty()) {
            step.put("assert", assertion);
        }
        doc.put("steps", List.of(step));
        doc.put("thresholds", Map.of("success_rate", ">= " + successRate));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        String header = "# Written by stampede replay " + runDir + ": run it again with stampede run FILE\n";
        return header + new Yaml(new Representer(options), options).dump(doc);
    }

    private Map<String, Object> check() {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (check) {
            case "none" -> {
            }
            case "exact" -> out.put("expected_reply", "exact");
            case "similarity" -> out.put("expected_reply", Map.of("similarity", minSimilarity));
            case "judge" -> {
                Map<String, Object> judge = new LinkedHashMap<>();
                judge.put("rubric", "The reply gives the customer the same information and outcome as this reference reply"
                        + " (wording may differ): {{expected_reply}}");
                judge.put("pass_if", ">= 4");
                if (judgeUrl != null) {
                    judge.put("base_url", judgeUrl);
                }
                if (judgeModel != null) {
                    judge.put("model", judgeModel);
                }
                out.put("judge", judge);
            }
            default -> throw new IllegalArgumentException("--check is similarity, exact, judge or none, not '" + check + "'");
        }
        return out;
    }
}
