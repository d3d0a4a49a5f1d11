package io.stampede.run;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.stampede.index.Tags;
import io.stampede.secret.Secrets;

/**
 * Who and what a run is beyond its scenario: its tags ({@code nightly}, {@code pinned}), its labels
 * ({@code commit=3f2a9c1}, {@code env=staging}), who or what submitted it (the client's own words,
 * and over HTTP the address it came from) and the scenario's origin (a file name). Kept in the
 * run's {@code run.json} and in the index, where the runs list filters on them and baselines are
 * picked by them. Tags and labels are checked on the way in ({@link Tags}).
 */
public record RunIdentity(List<String> tags, Map<String, String> labels, String submittedBy, String origin) {
    public static final RunIdentity NONE = new RunIdentity(List.of(), Map.of(), null, null);

    public RunIdentity {
        tags = tags == null ? List.of() : List.copyOf(new TreeSet<>(tags));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        tags.forEach(t -> Tags.checkTag(t, "tag"));
        labels.forEach((name, value) -> Tags.checkLabel(name, value, "label"));
    }

    /** The same identity with label values masked where they hold one of the run's secrets. */
    RunIdentity masked(Secrets secrets) {
        Map<String, String> masked = new TreeMap<>();
        labels.forEach((name, value) -> masked.put(name, secrets.mask(value)));
        return new RunIdentity(tags, masked, submittedBy == null ? null : secrets.mask(submittedBy), origin);
    }
}
