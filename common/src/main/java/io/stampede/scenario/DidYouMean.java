package io.stampede.scenario;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the name a user probably meant: the closest candidate within an edit distance of 2
 * (case-insensitive), else one that starts with what was written or that it starts with.
 */
public final class DidYouMean {
    private static final int MAX_DISTANCE = 2;

    private DidYouMean() {
    }

    public static Optional<String> suggest(String written, Collection<String> candidates) {
        String w = written.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT), MAX_DISTANCE);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= MAX_DISTANCE) {
            return Optional.of(best);
        }
        if (w.length() >= 2) {
            for (String c : candidates) {
                String lc = c.toLowerCase(Locale.ROOT);
                if (lc.startsWith(w) || (lc.length() >= 3 && w.startsWith(lc))) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** "did you mean 'x'?" or "valid ones are a, b, c" — the tail of an error sentence. */
    public static String hint(String written, Collection<String> candidates, String listIntro) {
        return suggest(written, candidates)
                .map(s -> "did you mean '" + s + "'?")
                .orElseGet(() -> candidates.isEmpty() ? "" : listIntro + " " + String.join(", ", candidates));
    }

    /** Levenshtein distance, or {@code limit + 1} as soon as it is known to exceed {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
