package io.stampede.check;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code expected_reply: exact} or {@code expected_reply: { similarity: 0.8 }}: the reply of a
 * {@code from_dataset} turn against the reply the dataset (a recording, a chat log) holds for
 * that turn. {@code exact} compares the texts with runs of white space made one space and the
 * ends trimmed; {@code similarity} is the Sørensen–Dice coefficient of the two texts' character
 * bigrams (counted with repeats, white space and case folded): 1 for the same text, 0 for texts
 * that share no pair of characters. Bigrams of characters, not words, so it reads Chinese, which
 * has no spaces, as well as English. A turn without an expected reply is not evaluated.
 *
 * @param minSimilarity the lowest similarity that passes; 1 with {@code exact} means the same text
 */
public record ExpectedReplyCheck(boolean exact, double minSimilarity) implements Check {

    public static ExpectedReplyCheck from(CheckArgument arg) {
        if ("exact".equals(arg.value())) {
            return new ExpectedReplyCheck(true, 1);
        }
        if (arg.value() instanceof Map<?, ?> map && map.size() == 1 && map.get("similarity") instanceof Number n) {
            double min = n.doubleValue();
            if (min < 0 || min > 1) {
                throw new IllegalArgumentException("similarity is between 0 and 1: write e.g. { similarity: 0.8 }");
            }
            return new ExpectedReplyCheck(false, min);
        }
        throw new IllegalArgumentException("write expected_reply: exact, or expected_reply: { similarity: 0.8 } (0 to 1)");
    }

    @Override
    public String kind() {
        return "expected_reply";
    }

    @Override
    public Optional<String> notApplicable(Observation o) {
        return o.expectedReply() == null ? Optional.of("no expected reply: the dataset holds none for this turn") : Optional.empty();
    }

    @Override
    public Reads reads() {
        return Reads.TEXT;
    }

    @Override
    public Optional<String> verify(Observation o) {
        String reply = Replies.textOf(o);
        if (o.truncation() != null) {
            // Only the reply's start was kept: comparing it whole with the expected reply would say nothing true.
            return Optional.of(o.truncation().explain("reply compared with the expected reply"));
        }
        if (exact) {
            return normalize(reply).equals(normalize(o.expectedReply())) ? Optional.empty()
                    : Optional.of("reply is not the expected reply: " + Replies.excerpt(reply));
        }
        double similarity = similarity(reply, o.expectedReply());
        return similarity >= minSimilarity ? Optional.empty()
                : Optional.of("reply is less similar to the expected reply than " + minSimilarity + ": "
                        + String.format(Locale.ROOT, "%.2f", similarity) + " " + Replies.excerpt(reply));
    }

    @Override
    public String reason(String detail) {
        String cut = Truncation.reasonOf(detail);
        return cut != null ? cut : Check.beforeValue(detail);
    }

    static String normalize(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** Sørensen–Dice over character bigrams, with repeats; two texts too short for a bigram are alike only when equal. */
    public static double similarity(String a, String b) {
        String x = fold(a);
        String y = fold(b);
        if (x.length() < 2 || y.length() < 2) {
            return x.equals(y) ? 1 : 0;
        }
        Map<Integer, Integer> pairs = new HashMap<>();
        for (int i = 0; i + 1 < x.length(); i++) {
            pairs.merge(pair(x, i), 1, Integer::sum);
        }
        int shared = 0;
        for (int i = 0; i + 1 < y.length(); i++) {
            Integer left = pairs.get(pair(y, i));
            if (left != null && left > 0) {
                shared++;
                pairs.put(pair(y, i), left - 1);
            }
        }
        return 2.0 * shared / ((x.length() - 1) + (y.length() - 1));
    }

    private static String fold(String text) {
        return normalize(text).toLowerCase(Locale.ROOT);
    }

    private static int pair(String s, int i) {
        return (s.charAt(i) << 16) | s.charAt(i + 1);
    }
}
