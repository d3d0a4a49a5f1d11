package io.stampede.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Collects the errors of one load, so the user sees all of them at once. Bounded: a broken
 * 100,000-row data file must not become 100,000 errors.
 */
final class ErrorList {
    static final int MAX_ERRORS = 200;

    private final List<ScenarioError> errors = new ArrayList<>();
    private final Set<YamlNode> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    private int dropped;

    void add(Position position, String path, String message) {
        add(ScenarioError.at(position, path, message));
    }

    /** An error about {@code node}, unless the node already has one from an earlier stage. */
    void add(YamlNode node, String path, String message) {
        if (!reported.contains(node)) {
            add(node.position(), path, message);
        }
    }

    /** Records the error and keeps later stages quiet about the same node (one mistake, one error). */
    void addFinal(YamlNode node, String path, String message) {
        add(node, path, message);
        reported.add(node);
    }

    void add(ScenarioError error) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(error);
        } else {
            dropped++;
        }
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    /** The errors in document order (errors without a place last), plus a note when some were left out. */
    List<ScenarioError> sorted() {
        List<ScenarioError> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt((ScenarioError e) -> e.line() > 0 ? e.line() : Integer.MAX_VALUE)
                .thenComparingInt(ScenarioError::column));
        if (dropped > 0) {
            out.add(new ScenarioError(0, 0, "", dropped + " more errors not shown: fix the ones above first"));
        }
        return List.copyOf(out);
    }
}
