package io.stampede.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stampede.check.ExpectedReplyCheck;
import io.stampede.tokens.TokenEstimator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Stand-ins for the models Stampede itself calls, answering on {@code /v1/chat/completions}
 * when asked for by name, deterministically, so a test can say what they answer:
 * <ul>
 * <li>{@value #USER} plays the simulated user: its first message is its goal (from the system
 * prompt's "Your goal: …" line), its second asks for the steps ("能给我具体步骤吗？" in Chinese,
 * "Can you give me the exact steps?" otherwise), then it writes the stop text the system prompt
 * names ("write only …") — two turns per conversation.</li>
 * <li>{@value #JUDGE} plays the judge: the rubric's quoted terms (“…”, "…", 「…」) found in the
 * text judged set the score, from the scale's low end (none) to its high end (all); a rubric
 * with a reference reply ("reference reply: …") scores the text's similarity to it; a rubric
 * saying {@code [no score]} gets an answer without a score, {@code [out of scale]} a score past
 * the scale. It answers {@code {"score": n, "reasoning": "…"}}.</li>
 * </ul>
 */
final class HelperModels {
    static final String USER = "demo-user";
    static final String JUDGE = "demo-judge";
    private static final Pattern GOAL = Pattern.compile("(?m)^Your goal: (.*)$");
    private static final Pattern STOP = Pattern.compile("(?m)write only (.+)\\.\\s*$");
    private static final Pattern SCALE = Pattern.compile("scale of (-?\\d+)\\D+?to (-?\\d+)");
    private static final Pattern QUOTED = Pattern.compile("[“\"「]([^”\"」]+)[”\"」]");
    private static final String REFERENCE = "reference reply";

    private HelperModels() {
    }

    static boolean isHelper(Object model) {
        return USER.equals(model) || JUDGE.equals(model);
    }

    /** The helper's answer to {@code messages}. */
    static String answer(String model, JsonArray messages) {
        String system = "";
        List<String> said = new ArrayList<>();
        String last = "";
        for (int i = 0; i < messages.size(); i++) {
            JsonObject m = messages.getJsonObject(i);
            String content = m.getValue("content") instanceof String s ? s : "";
            switch (m.getString("role", "")) {
                case "system" -> system = content;
                case "assistant" -> said.add(content);
                default -> last = content;
            }
        }
        return model.equals(USER) ? user(system, said, last) : judge(system, last);
    }

    private static String user(String system, List<String> said, String lastFromAgent) {
        Matcher goal = GOAL.matcher(system);
        String aim = goal.find() ? goal.group(1).strip() : "I need help with my order";
        Matcher stop = STOP.matcher(system);
        String stopText = "###STOP###";
        while (stop.find()) {
            stopText = stop.group(1).strip(); // the last "write only …": the stop text closes the prompt
        }
        boolean chinese = TokenEstimator.hasCjkLetters(aim);
        return switch (said.size()) {
            case 0 -> aim;
            case 1 -> chinese ? "能给我具体步骤吗？" : "Can you give me the exact steps?";
            default -> stopText;
        };
    }

    private static String judge(String system, String prompt) {
        Matcher scale = SCALE.matcher(system);
        int low = 1;
        int high = 5;
        if (scale.find()) {
            low = Integer.parseInt(scale.group(1));
            high = Integer.parseInt(scale.group(2));
        }
        int split = prompt.indexOf("\n\n");
        String rubric = split < 0 ? prompt : prompt.substring(0, split);
        String subject = split < 0 ? "" : prompt.substring(split + 2);
        int colon = subject.indexOf(":\n");
        subject = colon < 0 ? subject : subject.substring(colon + 2);
        if (rubric.contains("[no score]")) {
            return "I cannot decide on this one.";
        }
        if (rubric.contains("[out of scale]")) {
            return "{\"score\": " + (high + 5) + ", \"reasoning\": \"beyond the scale on purpose\"}";
        }
        int reference = rubric.toLowerCase(Locale.ROOT).indexOf(REFERENCE);
        if (reference >= 0) {
            String expected = rubric.substring(rubric.indexOf(':', reference) + 1).strip();
            double similarity = ExpectedReplyCheck.similarity(subject, expected);
            long score = Math.round(low + (high - low) * similarity);
            return "{\"score\": " + score + ", \"reasoning\": \"similarity to the reference reply "
                    + String.format(Locale.ROOT, "%.2f", similarity) + "\"}";
        }
        List<String> terms = new ArrayList<>();
        Matcher quoted = QUOTED.matcher(rubric);
        while (quoted.find()) {
            terms.add(quoted.group(1));
        }
        if (terms.isEmpty()) {
            boolean answered = !subject.isBlank();
            return "{\"score\": " + (answered ? high : low) + ", \"reasoning\": \"" + (answered ? "an answer was given"
                    : "no answer") + "\"}";
        }
        List<String> found = terms.stream().filter(subject::contains).toList();
        long score = Math.round(low + (high - low) * (double) found.size() / terms.size());
        return new JsonObject().put("score", score).put("reasoning", "mentions " + found.size() + " of " + terms.size()
                + " required terms" + (found.isEmpty() ? "" : ": " + String.join(", ", found))).encode();
    }
}
