package io.stampede.scenario;

import java.util.List;

import io.stampede.check.Check;
import io.stampede.check.ExpectedReplyCheck;

/**
 * What the workload parts of a scenario say about each other, checked once all are read: a
 * {@code from_dataset} step needs a conversation dataset and a dataset needs a step that sends
 * it; a {@code from_simulator} step needs {@code user.simulator} and the other way round;
 * {@code expected_reply} checks only a dataset's turns; a replay paced by its recording takes
 * its load from the recording.
 */
final class WorkloadChecks {
    /** The load keys a replay paced by its recording still takes. */
    static final List<String> PACED_REPLAY_LOAD = List.of("max_users", "graceful_stop", "warmup");

    private final NodeReader reader;

    WorkloadChecks(NodeReader reader) {
        this.reader = reader;
    }

    void check(YamlNode.Mapping doc, List<Step> steps, Dataset dataset, DataTable table, Simulator simulator, Load load) {
        boolean datasetStep = false;
        boolean simulatedStep = false;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String path = doc.get("steps") instanceof YamlNode.Sequence ? NodeReader.index("steps", i) : "steps";
            if (step instanceof DatasetStep) {
                datasetStep = true;
                if (dataset == null && (!doc.has("data") || (table != null && !table.columns().isEmpty()))) {
                    reader.errors().add(step.position(), path + ".from_dataset", "from_dataset sends the conversations of a"
                            + " dataset: add data: conversations.jsonl (OpenAI or ShareGPT JSONL), data: { replay: RUN_DIR }"
                            + " or data: { synthetic: … }");
                }
            } else if (step instanceof SimulatedStep) {
                simulatedStep = true;
                if (simulator == null && !doc.has("user")) {
                    reader.errors().add(step.position(), path + ".from_simulator", "from_simulator talks with a simulated user:"
                            + " add user: { simulator: { base_url: …, model: …, goal: \"…\" } }");
                }
            } else {
                for (Check check : step.checks()) {
                    if (check.unwrap() instanceof ExpectedReplyCheck) {
                        reader.errors().add(step.position(), path + "." + check.label(), "expected_reply compares a turn of"
                                + " from_dataset with the reply the dataset holds for it: use it on a from_dataset step");
                    }
                }
            }
        }
        if (dataset != null && !datasetStep) {
            reader.error(doc.get("data"), "data", "a conversation dataset is sent by a from_dataset step: write"
                    + " steps: { from_dataset: { turns: user } }");
        }
        if (simulator != null && !simulatedStep) {
            reader.error(doc.get("user"), "user", "the simulated user talks in a from_simulator step: write"
                    + " steps: { from_simulator: {} }");
        }
        if (dataset != null && dataset.pacedByRecording() && doc.get("load") instanceof YamlNode.Mapping map) {
            for (YamlNode.Entry e : map.entries()) {
                if (!PACED_REPLAY_LOAD.contains(e.name())) {
                    reader.error(e.key(), "load." + e.name(), "a replay with timing " + dataset.timing().yamlName()
                            + " starts each conversation when it started in the recording, so '" + e.name() + "' does not"
                            + " apply (it takes " + String.join(", ", PACED_REPLAY_LOAD) + "); for a load of your own use"
                            + " timing: as-fast");
                }
            }
        }
        if (dataset != null && dataset.pacedByRecording() && load != null && load.isOpenModel()) {
            reader.error(doc.get("load"), "load", "a replay paced by its recording has its own arrivals");
        }
    }
}
